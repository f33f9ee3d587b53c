import { Command, Options } from "@effect/cli"
import * as NightCycle from "@devserver/core/queue/NightCycle"
import * as QueueLive from "@devserver/core/queue/QueueLive"
import * as Scheduler from "@devserver/core/queue/Scheduler"
import * as Schedules from "@devserver/core/queue/Schedules"
import * as TaskRunner from "@devserver/core/queue/TaskRunner"
import * as Worker from "@devserver/core/queue/Worker"
import { Console, Effect, Layer, Option } from "effect"
import { appLayer } from "../Config.js"

/** Runs a worker (plus the scheduler and the night cycle) until Ctrl-C; running tasks go back to the queue. */
export const worker = Command.make("worker", {
  id: Options.text("id").pipe(Options.optional, Options.withDescription("Worker name (default host:pid:random).")),
  concurrency: Options.integer("concurrency").pipe(Options.optional, Options.withDescription("Override the maxConcurrency setting."))
}, ({ concurrency, id }) =>
  Effect.gen(function*() {
    const running = yield* Worker.make({ workerId: Option.getOrUndefined(id), maxConcurrency: Option.getOrUndefined(concurrency) })
    yield* Console.log(`worker ${running.id} running; Ctrl-C stops it and returns its tasks to the queue`)
    return yield* Effect.never
  }).pipe(Effect.scoped)).pipe(
  Command.withDescription("Run tasks from the queue."),
  Command.provide(Layer.mergeAll(TaskRunner.placeholder, Scheduler.layer, NightCycle.layer).pipe(
    Layer.provideMerge(Schedules.layer),
    Layer.provideMerge(QueueLive.layer)
  )),
  Command.provide(appLayer)
)
