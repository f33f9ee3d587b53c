/**
 * A real server on a fresh migrated database of the run's embedded PostgreSQL, on a free loopback
 * port, with tRPC clients that speak to it over HTTP and SSE like the web app does.
 */
import * as SecretBox from "@devserver/core/secrets/SecretBox"
import * as DataDir from "@devserver/core/store/DataDir"
import * as Store from "@devserver/core/store/Store"
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink } from "@trpc/client"
import { Context, Effect, Exit, Layer, ManagedRuntime, Scope } from "effect"
import { EventSource } from "eventsource"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, beforeAll } from "vitest"
import * as TestDatabase from "../../../core/test/support/TestDatabase.js"
import * as HttpServer from "../../src/http/HttpServer.js"
import type { AppRouter } from "../../src/router/index.js"
import * as ServerConfig from "../../src/ServerConfig.js"
import * as Services from "../../src/Services.js"

export const testKey = Buffer.alloc(32, 7)

/** A data folder in the system temp folder, removed with the scope. */
const dataDirLayer = Layer.unwrapScoped(Effect.map(
  Effect.acquireRelease(
    Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "devserver-data-"))),
    (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
  ),
  DataDir.layer
))

/** The store and the server's services over a fresh database (no HTTP server). */
export const servicesLayer = Services.standaloneLayer.pipe(
  Layer.provideMerge(Store.layer),
  Layer.provideMerge(Layer.mergeAll(TestDatabase.layer, SecretBox.layer(testKey), dataDirLayer))
)

export interface ClientOptions {
  /** Extra headers on every request (a bearer token, a cookie, an Origin). */
  readonly headers?: () => Record<string, string>
  /** Send each call alone (no batching). */
  readonly unbatched?: boolean
}

/** A tRPC client like the web app's: queries and mutations over HTTP, subscriptions over SSE. */
export const makeClient = (url: string, options: ClientOptions = {}) => {
  const headers = options.headers ?? ((): Record<string, string> => ({}))
  const fetchWithHeaders: typeof fetch = (input, init) => {
    const merged = new Headers(init?.headers)
    for (const [name, value] of Object.entries(headers())) merged.set(name, value)
    return fetch(input, { ...init, headers: merged })
  }
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: `${url}trpc`,
          EventSource,
          eventSourceOptions: () => ({ fetch: fetchWithHeaders }) as never
        }),
        false: options.unbatched ? httpLink({ url: `${url}trpc`, headers }) : httpBatchLink({ url: `${url}trpc`, headers })
      })
    ]
  })
}

export type Client = ReturnType<typeof makeClient>

/** A web folder with an index.html and one asset, removed with the scope. */
export const webDir = Effect.acquireRelease(
  Effect.sync(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-web-"))
    fs.mkdirSync(path.join(dir, "assets"))
    fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>DevServer</title><div id=app></div>")
    fs.writeFileSync(path.join(dir, "assets", "app-1234.js"), "console.log('app')")
    return dir
  }),
  (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
)

/** The HTTP server on `host` (a free port unless given), over `services`. */
export const serverLayer = (host = "127.0.0.1", port = 0) =>
  HttpServer.layer.pipe(
    Layer.provide(Layer.unwrapScoped(Effect.map(webDir, (dir) => ServerConfig.layer({ host, port, webDir: dir }))))
  )

/** Services and a running server, for a test file. */
export const makeRuntime = () => ManagedRuntime.make(serverLayer().pipe(Layer.provideMerge(servicesLayer)))

export type ServicesRuntime = ManagedRuntime.ManagedRuntime<Layer.Layer.Success<typeof servicesLayer>, Layer.Layer.Error<typeof servicesLayer>>

/** Starts a server on `host` over a services runtime; `close` stops it (the services stay). */
export const startServer = (runtime: ServicesRuntime, host = "127.0.0.1", port = 0) =>
  runtime.runPromise(Effect.gen(function*() {
    const scope = yield* Scope.make()
    const context = yield* Layer.buildWithScope(serverLayer(host, port), scope)
    const listening = Context.get(context, HttpServer.HttpServer)
    return { url: listening.url, port: listening.port, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
  }))

/** A server on a fresh database for the test file: up before its tests, gone after them. */
export const useServer = () => {
  const runtime = makeRuntime()
  const server = { runtime, url: "", client: undefined as unknown as Client }
  beforeAll(async () => {
    server.url = (await runtime.runPromise(HttpServer.HttpServer)).url
    server.client = makeClient(server.url)
  })
  afterAll(() => runtime.dispose())
  return server
}
