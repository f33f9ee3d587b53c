import { Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import * as Checks from "../Checks.js"
import { appLayer, eventStreamLayer, workerLayer } from "../Config.js"
import { load } from "../Lazy.js"
import * as WorkerProgress from "./WorkerProgress.js"

export const workerOptions = {
  id: Options.text("id").pipe(Options.optional, Options.withDescription("Worker name (default: host:pid:random).")),
  concurrency: Options.integer("concurrency").pipe(
    Options.mapEffect(Checks.concurrency),
    Options.optional,
    Options.withDescription("Tasks at once, 1 to 64 (default: the maxConcurrency setting, read live).")
  )
}

/** Starts a worker for the lifetime of the current scope; prints a line per task it claims and finishes, and one when it stops. */
export const runWorker = ({ concurrency, id }: { id: Option.Option<string>; concurrency: Option.Option<number> }) =>
  Effect.gen(function*() {
    const Worker = yield* load(() => import("@devserver/core/queue/Worker"))
    const running = yield* Worker.make({ workerId: Option.getOrUndefined(id), maxConcurrency: Option.getOrUndefined(concurrency) })
    yield* WorkerProgress.follow(running.id)
    yield* Effect.addFinalizer(() => Console.log(`worker ${running.id} stopping: running tasks go back to the queue`))
    return running
  })

/** Runs a worker (plus the scheduler and the night cycle) until Ctrl-C; running tasks go back to the queue. */
export const worker = Command.make("worker", workerOptions, (options) =>
  runWorker(options).pipe(
    Effect.tap((running) => Console.log(`worker ${running.id} running; Ctrl-C stops it and returns its tasks to the queue`)),
    Effect.zipRight(Effect.never),
    Effect.scoped
  )).pipe(
  Command.withDescription("Run tasks from the queue (on this or another machine sharing the database)."),
  Command.provide(eventStreamLayer),
  Command.provide(workerLayer),
  Command.provide(appLayer)
)
