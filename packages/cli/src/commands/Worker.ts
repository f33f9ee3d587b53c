import { Command, Options } from "@effect/cli"
import * as Worker from "@devserver/core/queue/Worker"
import { Console, Effect, Option } from "effect"
import { appLayer, workerLayer } from "../Config.js"

const workerOptions = {
  id: Options.text("id").pipe(Options.optional, Options.withDescription("Worker name (default host:pid:random).")),
  concurrency: Options.integer("concurrency").pipe(Options.optional, Options.withDescription("Override the maxConcurrency setting."))
}

/** Starts a worker for the lifetime of the current scope and says so. */
export const runWorker = ({ concurrency, id }: { id: Option.Option<string>; concurrency: Option.Option<number> }) =>
  Effect.gen(function*() {
    const running = yield* Worker.make({ workerId: Option.getOrUndefined(id), maxConcurrency: Option.getOrUndefined(concurrency) })
    yield* Console.log(`worker ${running.id} running; Ctrl-C stops it and returns its tasks to the queue`)
  })

/** Runs a worker (plus the scheduler and the night cycle) until Ctrl-C; running tasks go back to the queue. */
export const worker = Command.make("worker", workerOptions, (options) =>
  runWorker(options).pipe(Effect.zipRight(Effect.never), Effect.scoped)).pipe(
  Command.withDescription("Run tasks from the queue."),
  Command.provide(workerLayer),
  Command.provide(appLayer)
)
