import { Command } from "@effect/cli"
import { Console, Effect, Layer } from "effect"
import { appLayer } from "../Config.js"
import { load } from "../Lazy.js"

const serverModule = load(() => import("@devserver/server/Server"))

/**
 * The HTTP server with its own queue and schedule services: it needs nothing from the worker's layers,
 * so `start` provides it first and the URL answers before the worker has loaded its agents.
 */
export const serverLayer = Layer.unwrapEffect(Effect.map(serverModule, (m) => m.standaloneLayer))

/** The URL the running server answers on. */
export const serverUrl = Effect.flatMap(serverModule, (m) => Effect.map(m.HttpServer.HttpServer, (s) => s.url))

/** Only the web app and the API, until Ctrl-C (no worker: tasks are run by `devserver worker` elsewhere). */
export const serve = Command.make("serve", {}, () =>
  Effect.gen(function*() {
    yield* Console.log(`DevServer web app and API at ${yield* serverUrl} (Ctrl-C stops it)`)
    return yield* Effect.never
  })).pipe(
  Command.withDescription("Serve the web app and the API only (DEVSERVER_HOST, DEVSERVER_PORT); workers run elsewhere."),
  Command.provide(serverLayer),
  Command.provide(appLayer)
)
