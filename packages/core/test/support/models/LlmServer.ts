/**
 * One loopback server that answers the four system-LLM protocols the way their official APIs do,
 * whole or streamed (SSE): Anthropic Messages (`/v1/messages`, `x-api-key`), OpenAI Responses
 * (`/v1/responses`, bearer), Chat Completions (`/v1/chat/completions`, bearer) and Google
 * (`/v1beta/models/M:generateContent` and `:streamGenerateContent?alt=sse`, `x-goog-api-key`).
 * It answers `answer` (split into chunks when streaming) with fixed usage, or the next scripted
 * failure: a 429 with `retry-after`, a 500, or a malformed body. A wrong key gets that vendor's 401.
 */
import { Effect } from "effect"
import * as http from "node:http"
import type { AddressInfo } from "node:net"

export type Failure = { readonly status: 429; readonly retryAfter: string } | { readonly status: 500 } | { readonly malformed: true }

export interface Received {
  readonly path: string
  readonly headers: http.IncomingHttpHeaders
  readonly body: Record<string, unknown>
}

export class LlmServer {
  answer = "Hello from the model"
  readonly received: Array<Received> = []
  readonly failures: Array<Failure> = []
  readonly usage = { input: 120, output: 30 }
  readonly server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (c: Buffer) => (raw += c.toString()))
    req.on("end", () => this.handle(req, res, raw))
  })

  constructor(readonly key: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  private chunks(): Array<string> {
    return this.answer.match(/.{1,7}/gs) ?? [""]
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const body = JSON.parse(raw || "{}") as Record<string, unknown>
    const path = req.url ?? ""
    this.received.push({ path, headers: req.headers, body })
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" })
      res.end(JSON.stringify(value))
    }
    const sse = (frames: ReadonlyArray<string>) => {
      res.writeHead(200, { "content-type": "text/event-stream" })
      for (const f of frames) res.write(f)
      res.end()
    }
    const data = (value: unknown, event?: string) => `${event === undefined ? "" : `event: ${event}\n`}data: ${JSON.stringify(value)}\n\n`
    const bearer = req.headers.authorization === `Bearer ${this.key}`
    const { input, output } = this.usage

    const failure = this.failures.shift()
    if (failure !== undefined && "status" in failure && failure.status === 429) {
      res.writeHead(429, { "content-type": "application/json", "retry-after": failure.retryAfter })
      return res.end(JSON.stringify({ type: "error", error: { type: "rate_limit_error", message: "Rate limited" } }))
    }
    if (failure !== undefined && "status" in failure) return json(500, { error: { message: "internal error", type: "server_error" } })
    if (failure !== undefined) {
      res.writeHead(200, { "content-type": "application/json" })
      return res.end("{\"id\": \"x\", \"content\": [")
    }

    if (path === "/v1/messages") {
      if (req.headers["x-api-key"] !== this.key) return json(401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } })
      if (body.stream !== true) {
        return json(200, { id: "msg_1", type: "message", role: "assistant", model: body.model, content: [{ type: "text", text: this.answer }], stop_reason: "end_turn", usage: { input_tokens: input, output_tokens: output } })
      }
      return sse([
        data({ type: "message_start", message: { id: "msg_1", type: "message", role: "assistant", content: [], model: body.model, usage: { input_tokens: input, output_tokens: 1 } } }, "message_start"),
        data({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }, "content_block_start"),
        ...this.chunks().map((text) => data({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }, "content_block_delta")),
        data({ type: "content_block_stop", index: 0 }, "content_block_stop"),
        data({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: output } }, "message_delta"),
        data({ type: "message_stop" }, "message_stop")
      ])
    }
    if (path === "/v1/responses") {
      if (!bearer) return json(401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } })
      const response = { id: "resp_1", object: "response", status: "completed", model: body.model, output: [{ type: "message", id: "m1", role: "assistant", status: "completed", content: [{ type: "output_text", text: this.answer, annotations: [] }] }], usage: { input_tokens: input, output_tokens: output, total_tokens: input + output } }
      if (body.stream !== true) return json(200, response)
      return sse([
        data({ type: "response.created", response: { ...response, status: "in_progress", output: [] } }, "response.created"),
        ...this.chunks().map((delta) => data({ type: "response.output_text.delta", item_id: "m1", output_index: 0, content_index: 0, delta }, "response.output_text.delta")),
        data({ type: "response.completed", response }, "response.completed")
      ])
    }
    if (path === "/v1/chat/completions") {
      if (!bearer) return json(401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } })
      if (body.stream !== true) {
        return json(200, { id: "chatcmpl-1", object: "chat.completion", model: body.model, choices: [{ index: 0, message: { role: "assistant", content: this.answer }, finish_reason: "stop" }], usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output } })
      }
      return sse([
        ...this.chunks().map((content) => data({ id: "chatcmpl-1", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content }, finish_reason: null }] })),
        data({ id: "chatcmpl-1", object: "chat.completion.chunk", choices: [], usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output } }),
        "data: [DONE]\n\n"
      ])
    }
    const google = /^\/v1beta\/models\/([^:]+):(generateContent|streamGenerateContent\?alt=sse)$/.exec(path)
    if (google !== null) {
      if (req.headers["x-goog-api-key"] !== this.key) return json(401, { error: { code: 401, message: "API key not valid.", status: "UNAUTHENTICATED" } })
      const usageMetadata = { promptTokenCount: input, candidatesTokenCount: output, totalTokenCount: input + output }
      if (google[2] === "generateContent") {
        return json(200, { candidates: [{ content: { role: "model", parts: [{ text: this.answer }] }, finishReason: "STOP" }], usageMetadata })
      }
      const chunks = this.chunks()
      return sse(chunks.map((text, i) => data({ candidates: [{ content: { role: "model", parts: [{ text }] }, ...(i === chunks.length - 1 ? { finishReason: "STOP" } : {}) }], ...(i === chunks.length - 1 ? { usageMetadata } : {}) })))
    }
    json(404, { error: { message: `no route ${path}` } })
  }
}

export const make = (key: string) =>
  Effect.acquireRelease(
    Effect.async<LlmServer>((resume) => {
      const s = new LlmServer(key)
      s.server.listen(0, "127.0.0.1", () => resume(Effect.succeed(s)))
    }),
    (s) => Effect.async<void>((resume) => {
      s.server.close(() => resume(Effect.void))
      s.server.closeAllConnections()
    })
  )
