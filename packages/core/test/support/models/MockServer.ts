/**
 * The shared part of the scripted model-API servers: a loopback HTTP server (scoped), a request log,
 * a mode switch (follow the script, answer 429, or hang), and the script itself. Each vendor module
 * only translates a request into "how many tool results since the last user prompt" and a step into
 * its wire format. Stateless per request, so a resumed session simply continues the count.
 */
import { Effect, type Scope } from "effect"
import * as http from "node:http"
import type { AddressInfo } from "node:net"

/** A request body as the CLIs send it: untyped JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

/** One scripted model turn. Paths are relative to the agent's working directory. */
export type Step =
  | { readonly write: string; readonly content: string; readonly delayMs?: number }
  | { readonly shell: string; readonly delayMs?: number }
  | { readonly text: string; readonly delayMs?: number }

/** `500`: every model call answers HTTP 500 (a server error, which is not a rate limit). */
export type Mode = "script" | "429" | "500" | "hang"

export interface LoggedRequest {
  readonly method: string
  readonly path: string
  readonly headers: http.IncomingHttpHeaders
  readonly body: Json
  readonly raw: string
  readonly at: number
}

export interface MockServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:4123`. */
  url: string
  readonly requests: Array<LoggedRequest>
  /** The script the next requests follow; the step is picked by counting tool results. */
  script: ReadonlyArray<Step>
  mode: Mode
  /** The agent's working directory (for vendors whose write tool wants absolute paths). */
  cwd: string
}

export type Handler = (
  server: MockServer,
  request: LoggedRequest,
  response: http.ServerResponse
) => Promise<void> | void

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The step for `toolResults` results since the last prompt; past the end, the last step again. */
export const stepAt = (server: MockServer, toolResults: number): Step =>
  server.script[Math.min(toolResults, server.script.length - 1)] ?? { text: "done" }

export const writeSse = (response: http.ServerResponse, frames: ReadonlyArray<string>) => {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" })
  for (const frame of frames) response.write(frame)
  response.end()
}

/** Starts a server on 127.0.0.1 for the scope's lifetime. Hung requests are dropped on close. */
export const start = (handler: Handler, script: ReadonlyArray<Step> = []): Effect.Effect<MockServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ server: MockServer; http: http.Server }>((resume) => {
      const state: MockServer = { url: "", requests: [], script, mode: "script", cwd: "" }
      const server = http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (c: Buffer) => chunks.push(c))
        req.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8")
          let body: Json = null
          try {
            body = raw === "" ? null : JSON.parse(raw)
          } catch {
            body = null
          }
          const logged: LoggedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, raw, at: Date.now() }
          state.requests.push(logged)
          if (state.mode === "hang" && req.method === "POST") return // never answer
          Promise.resolve(handler(state, logged, res)).catch((e) => {
            if (!res.headersSent) res.writeHead(500)
            res.end(String(e))
          })
        })
      })
      // Refuse WebSocket upgrades quickly so clients fall back to HTTP.
      server.on("upgrade", (_req, socket) => socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
      server.listen(0, "127.0.0.1", () => {
        state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        resume(Effect.succeed({ server: state, http: server }))
      })
    }),
    ({ http: server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ server }) => server))
