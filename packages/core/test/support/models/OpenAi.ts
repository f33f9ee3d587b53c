/** A scripted OpenAI Responses API (streaming SSE), as Codex calls it through a custom provider. */
import type { Effect, Scope } from "effect"
import { type Handler, type Json, type MockServer, sleep, start, type Step, stepAt, writeSse } from "./MockServer.js"

const frame = (data: { type: string }) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`

/** `function_call_output`/`custom_tool_call_output` items after the last `role:"user"` message. */
export const countToolResults = (input: ReadonlyArray<Json>): number => {
  let count = 0
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i]
    if (item.type === "function_call_output" || item.type === "custom_tool_call_output") count++
    else if (item.role === "user" && (item.type === "message" || item.type === undefined)) break
  }
  return count
}

let ids = 0

const itemFor = (step: Step) => {
  const id = ++ids
  if ("write" in step) {
    const lines = step.content.replace(/\n$/, "").split("\n").map((l) => `+${l}`).join("\n")
    return { type: "custom_tool_call", id: `ctc_${id}`, status: "completed", call_id: `call_${id}`, name: "apply_patch", input: `*** Begin Patch\n*** Add File: ${step.write}\n${lines}\n*** End Patch\n` }
  }
  if ("shell" in step) {
    return { type: "function_call", id: `fc_${id}`, status: "completed", call_id: `call_${id}`, name: "exec_command", arguments: JSON.stringify({ cmd: step.shell }) }
  }
  return { type: "message", role: "assistant", id: `msg_${id}`, status: "completed", content: [{ type: "output_text", text: step.text, annotations: [] }] }
}

const handler: Handler = async (server, request, response) => {
  if (request.method !== "POST" || !request.path.endsWith("/responses")) {
    response.writeHead(404).end()
    return
  }
  if (server.mode === "429") {
    response.writeHead(429, { "content-type": "application/json", "retry-after": "1" })
    response.end(JSON.stringify({ error: { type: "rate_limit_exceeded", message: "Mock 429: rate limit reached", code: "rate_limit_exceeded" } }))
    return
  }
  const step = stepAt(server, countToolResults(request.body?.input ?? []))
  if (step.delayMs) await sleep(step.delayMs)
  const id = ++ids
  writeSse(response, [
    frame({ type: "response.created", response: { id: `resp_${id}` } } as Json),
    frame({ type: "response.output_item.done", output_index: 0, item: itemFor(step) } as Json),
    frame({
      type: "response.completed",
      response: {
        id: `resp_${id}`,
        usage: { input_tokens: 1000, input_tokens_details: { cached_tokens: 0 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1020 }
      }
    } as Json)
  ])
}

export const make = (script: ReadonlyArray<Step> = []): Effect.Effect<MockServer, never, Scope.Scope> => start(handler, script)
