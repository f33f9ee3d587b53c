/**
 * The one HTTP server of a process: tRPC at `/trpc` (queries, mutations, SSE subscriptions), `/healthz`,
 * and the web app at `/`. It runs on the runtime of the Effect program that starts it (one runtime per
 * process) and stops, closing open streams, when its scope closes.
 */
import { createHTTPHandler } from "@trpc/server/adapters/standalone"
import { Context, Effect, Layer, Schema } from "effect"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { appRouter } from "../router/index.js"
import { ServerConfig } from "../ServerConfig.js"
import type { ServerServices } from "../Services.js"
import type { Context as TrpcContext } from "../trpc.js"
import { makeStaticHandler } from "./StaticFiles.js"
import { securityHeaders } from "./SecurityHeaders.js"

/** The server could not start. */
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", {
  reason: Schema.Literal("AddressInUse", "AuthRequired", "ListenFailed"),
  detail: Schema.String
}) {
  override get message() {
    return this.detail
  }
}

export interface Listening {
  /** The URL the server answers on, e.g. `http://127.0.0.1:7420/`. */
  readonly url: string
  readonly port: number
}

export class HttpServer extends Context.Tag("@devserver/server/HttpServer")<HttpServer, Listening>() {}

const urlHost = (host: string) => (host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host)

export const make = Effect.gen(function*() {
  const config = yield* ServerConfig
  const runtime = yield* Effect.runtime<ServerServices>()
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    createContext: ({ res }): TrpcContext => ({
      runtime,
      principal: { kind: "loopback" },
      sessionToken: null,
      setCookie: (cookie) => res.appendHeader("set-cookie", cookie)
    })
  })
  const serveStatic = makeStaticHandler(config.webDir)

  const server = http.createServer((req, res) => {
    securityHeaders(res)
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname
    if (pathname === "/healthz") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(`{"ok":true}`)
    } else if (pathname === "/trpc" || pathname.startsWith("/trpc/")) {
      trpc(req, res)
    } else {
      serveStatic(req, res, pathname)
    }
  })
  const port = yield* Effect.acquireRelease(
    Effect.async<number, ServerError>((resume) => {
      server.once("error", (error: NodeJS.ErrnoException) =>
        resume(Effect.fail(new ServerError({
          reason: error.code === "EADDRINUSE" ? "AddressInUse" : "ListenFailed",
          detail: error.code === "EADDRINUSE"
            ? `${config.host}:${config.port} is already in use (another DevServer? set DEVSERVER_PORT)`
            : `cannot listen on ${config.host}:${config.port}: ${error.message}`
        }))))
      server.listen(config.port, config.host, () => resume(Effect.succeed((server.address() as AddressInfo).port)))
    }),
    () =>
      Effect.async<void>((resume) => {
        server.close(() => resume(Effect.void))
        server.closeAllConnections()
      })
  )
  return { url: `http://${urlHost(config.host)}:${port}/`, port } satisfies Listening
})

export const layer = Layer.scoped(HttpServer, make)

