/** A scripted Gemini API (`streamGenerateContent?alt=sse`), as the Gemini CLI calls it. */
import type { Effect, Scope } from "effect"
import * as path from "node:path"
import { type Handler, type Json, type MockServer, sleep, start, type Step, stepAt, writeSse } from "./MockServer.js"

const frame = (data: unknown) => `data: ${JSON.stringify(data)}\r\n\r\n`
const usage = { promptTokenCount: 1000, candidatesTokenCount: 20, totalTokenCount: 1020 }

/** `functionResponse` parts after the last user content that carries text. */
export const countToolResults = (contents: ReadonlyArray<Json>): number => {
  let count = 0
  for (let i = contents.length - 1; i >= 0; i--) {
    const c = contents[i]
    if (c.role !== "user") continue
    const parts: Array<Json> = c.parts ?? []
    const responses = parts.filter((p) => p.functionResponse).length
    count += responses
    if (responses === 0 && parts.some((p) => typeof p.text === "string")) break
  }
  return count
}

const partFor = (server: MockServer, step: Step) => {
  if ("write" in step) return { functionCall: { name: "write_file", args: { file_path: path.resolve(server.cwd, step.write), content: step.content } } }
  if ("shell" in step) return { functionCall: { name: "run_shell_command", args: { command: step.shell, description: "run a command" } } }
  return { text: step.text }
}

const handler: Handler = async (server, request, response) => {
  const match = /\/models\/([^/:]+):(streamGenerateContent|generateContent)/.exec(request.path)
  if (request.method !== "POST" || !match) {
    response.writeHead(404).end()
    return
  }
  if (server.mode === "429") {
    response.writeHead(429, { "content-type": "application/json" })
    response.end(JSON.stringify({
      error: {
        code: 429,
        message: "Mock 429: Resource has been exhausted (e.g. check quota).",
        status: "RESOURCE_EXHAUSTED",
        details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "1s" }]
      }
    }))
    return
  }
  const model = match[1]
  if (match[2] === "generateContent") {
    // Side calls (router, next speaker): a JSON text that fits their schemas.
    const text = JSON.stringify({ complexity_reasoning: "simple", complexity_score: 1, reasoning: "done", next_speaker: "user" })
    response.writeHead(200, { "content-type": "application/json" })
    response.end(JSON.stringify({ candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0 }], usageMetadata: usage, modelVersion: model }))
    return
  }
  const step = stepAt(server, countToolResults(request.body?.contents ?? []))
  if (step.delayMs) await sleep(step.delayMs)
  const frames = []
  if (!("text" in step)) {
    frames.push(frame({ candidates: [{ content: { role: "model", parts: [{ text: "Working on it." }] }, index: 0 }], modelVersion: model }))
  }
  frames.push(frame({ candidates: [{ content: { role: "model", parts: [partFor(server, step)] }, finishReason: "STOP", index: 0 }], usageMetadata: usage, modelVersion: model }))
  writeSse(response, frames)
}

export const make = (script: ReadonlyArray<Step> = []): Effect.Effect<MockServer, never, Scope.Scope> => start(handler, script)
