/** A scripted Anthropic Messages API (streaming SSE), as Claude Code calls it. */
import type { Effect, Scope } from "effect"
import * as path from "node:path"
import { type Handler, type Json, type MockServer, sleep, start, type Step, stepAt, writeSse } from "./MockServer.js"

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`

/** Tool results in the user messages after the last user message that carries no tool result. */
export const countToolResults = (messages: ReadonlyArray<Json>): number => {
  let count = 0
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]
    if (m.role !== "user") continue
    const blocks = Array.isArray(m.content) ? m.content : [{ type: "text", text: m.content }]
    const results = blocks.filter((b: Json) => b.type === "tool_result").length
    if (results === 0) break
    count += results
  }
  return count
}

/** The text of the last user message of a Messages request (its blocks as JSON when it has several). */
export const lastUserText = (body: Json): string => {
  const user = [...(body?.messages ?? [])].reverse().find((m: Json) => m.role === "user")
  return typeof user?.content === "string" ? user.content : JSON.stringify(user?.content ?? "")
}

let ids = 0

const turn = (server: MockServer, step: Step, model: string) => {
  const id = ++ids
  const frames = [
    frame("message_start", {
      type: "message_start",
      message: { id: `msg_mock_${id}`, type: "message", role: "assistant", model, content: [], stop_reason: null, usage: { input_tokens: 1000, output_tokens: 1 } }
    })
  ]
  const text = "text" in step ? step.text : "Working on it."
  frames.push(
    frame("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
    frame("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }),
    frame("content_block_stop", { type: "content_block_stop", index: 0 })
  )
  if (!("text" in step)) {
    const [name, input] = "write" in step
      ? ["Write", { file_path: path.resolve(server.cwd, step.write), content: step.content }]
      : ["Bash", { command: step.shell, description: "run a command" }]
    frames.push(
      frame("content_block_start", { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: `toolu_mock_${id}`, name, input: {} } }),
      frame("content_block_delta", { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: JSON.stringify(input) } }),
      frame("content_block_stop", { type: "content_block_stop", index: 1 })
    )
  }
  frames.push(
    frame("message_delta", { type: "message_delta", delta: { stop_reason: "text" in step ? "end_turn" : "tool_use", stop_sequence: null }, usage: { output_tokens: 20 } }),
    frame("message_stop", { type: "message_stop" })
  )
  return frames
}

const handler: Handler = async (server, request, response) => {
  if (request.method !== "POST" || !request.path.startsWith("/v1/messages")) {
    response.writeHead(404).end()
    return
  }
  if (server.mode === "429") {
    response.writeHead(429, { "content-type": "application/json", "retry-after": "1" })
    response.end(JSON.stringify({ type: "error", error: { type: "rate_limit_error", message: "Mock 429: This request would exceed the rate limit" } }))
    return
  }
  if (server.mode === "500") {
    response.writeHead(500, { "content-type": "application/json" })
    response.end(JSON.stringify({ type: "error", error: { type: "api_error", message: "Mock 500: Internal server error" } }))
    return
  }
  const body = request.body ?? {}
  const model = body.model ?? "claude-mock"
  // Side calls (titles, summaries) come without tools: answer with plain text.
  const step: Step = Array.isArray(body.tools) && body.tools.length > 0 ? stepAt(server, countToolResults(body.messages ?? [])) : { text: "ok" }
  if (step.delayMs) await sleep(step.delayMs)
  writeSse(response, turn(server, step, model))
}

export const make = (script: ReadonlyArray<Step> = []): Effect.Effect<MockServer, never, Scope.Scope> => start(handler, script)
