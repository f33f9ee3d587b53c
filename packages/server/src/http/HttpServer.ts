/**
 * The one HTTP server of a process: tRPC at `/trpc` (queries, mutations, SSE subscriptions), `/healthz`,
 * and the web app at `/`. It runs on the runtime of the Effect program that starts it (one runtime per
 * process) and stops, closing open streams, when its scope closes. Bound beyond loopback it refuses to
 * start unless a password or an API token is configured, and then every call needs one.
 */
import { Auth } from "@devserver/core/auth/Auth"
import { createHTTPHandler } from "@trpc/server/adapters/standalone"
import { Context, Effect, Layer, Runtime, Schema } from "effect"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { appRouter } from "../router/index.js"
import { isLoopback, ServerConfig } from "../ServerConfig.js"
import type { ServerServices } from "../Services.js"
import type { Principal } from "../trpc.js"
import { readCookie, SESSION_COOKIE } from "./Cookies.js"
import { principalOf } from "./Principals.js"
import { checkHost, checkOrigin, needsLogin, refuse } from "./RequestGuard.js"
import { securityHeaders } from "./SecurityHeaders.js"
import { makeStaticHandler } from "./StaticFiles.js"

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

const listen = (server: http.Server, host: string, port: number) =>
  Effect.async<number, ServerError>((resume) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      resume(Effect.fail(new ServerError({
        reason: error.code === "EADDRINUSE" ? "AddressInUse" : "ListenFailed",
        detail: error.code === "EADDRINUSE"
          ? `${host}:${port} is already in use (another DevServer? set DEVSERVER_PORT)`
          : `cannot listen on ${host}:${port}: ${error.message}`
      }))))
    server.listen(port, host, () => resume(Effect.succeed((server.address() as AddressInfo).port)))
  })

const close = (server: http.Server) =>
  Effect.async<void>((resume) => {
    server.close(() => resume(Effect.void))
    server.closeAllConnections()
  })

export const make = Effect.gen(function*() {
  const config = yield* ServerConfig
  const runtime = yield* Effect.runtime<ServerServices>()
  const loginRequired = !isLoopback(config.host)
  if (loginRequired && !(yield* Effect.orDie((yield* Auth).isConfigured()))) {
    return yield* new ServerError({
      reason: "AuthRequired",
      detail: `refusing to listen on ${config.host}: beyond this machine a login is required, and none is configured. ` +
        "Set DEVSERVER_PASSWORD, run `devserver auth set-password`, or create an API token with `devserver token create NAME` " +
        "(or listen on 127.0.0.1)."
    })
  }
  const principals = new WeakMap<http.IncomingMessage, Principal | null>()
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    createContext: ({ req, res }) => ({
      runtime,
      loginRequired,
      principal: loginRequired ? principals.get(req) ?? null : { kind: "loopback" },
      sessionToken: readCookie(req, SESSION_COOKIE),
      setCookie: (cookie: string) => res.appendHeader("set-cookie", cookie)
    })
  })
  const resolvePrincipal = (req: http.IncomingMessage) =>
    loginRequired ? Runtime.runPromise(runtime)(principalOf(req)) : Promise.resolve<Principal>({ kind: "loopback" })
  const serveStatic = makeStaticHandler(config.webDir)

  const serveTrpc = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    const refusal = checkOrigin(req)
    if (refusal !== null) return refuse(req, res, refusal)
    resolvePrincipal(req).then(
      (principal) => {
        if (principal === null && needsLogin(pathname)) return refuse(req, res, { status: 401, code: "UNAUTHORIZED", message: "log in or send an API token" })
        principals.set(req, principal)
        trpc(req, res)
      },
      () => res.writeHead(503, { "content-type": "text/plain" }).end("the database is not reachable")
    )
  }

  const server = http.createServer((req, res) => {
    securityHeaders(res)
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname
    const wrongHost = checkHost(req, isLoopback(config.host))
    if (wrongHost !== null) return refuse(req, res, wrongHost)
    if (pathname === "/healthz") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(`{"ok":true}`)
    } else if (pathname === "/trpc" || pathname.startsWith("/trpc/")) {
      serveTrpc(req, res, pathname)
    } else {
      serveStatic(req, res, pathname)
    }
  })
  const port = yield* Effect.acquireRelease(listen(server, config.host, config.port), () => close(server))
  return { url: `http://${urlHost(config.host)}:${port}/`, port } satisfies Listening
})

export const layer = Layer.scoped(HttpServer, make)
