import { Command, Options } from "@effect/cli"
import * as DataDir from "@devserver/core/store/DataDir"
import { Console, Effect, Option } from "effect"
import { appLayer, workerLayer } from "../Config.js"
import { runWorker } from "./Worker.js"

/** All in one: the database (embedded by default), migrations, and a worker with the scheduler, until Ctrl-C. */
export const start = Command.make("start", {
  concurrency: Options.integer("concurrency").pipe(Options.optional, Options.withDescription("Override the maxConcurrency setting."))
}, ({ concurrency }) =>
  Effect.gen(function*() {
    const dataDir = yield* DataDir.DataDir
    yield* Console.log(`DevServer is up. Data folder: ${dataDir.path}`)
    yield* runWorker({ concurrency, id: Option.none() })
    return yield* Effect.never
  }).pipe(Effect.scoped)).pipe(
  Command.withDescription("Run DevServer: database, migrations, a worker, schedules (the web server comes later)."),
  Command.provide(workerLayer),
  Command.provide(appLayer)
)
