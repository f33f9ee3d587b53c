import { Command } from "@effect/cli"
import { Console, Duration, Effect, Option, Schedule } from "effect"
import { appLayer, eventStreamLayer, workerLayer } from "../Config.js"
import { load } from "../Lazy.js"
import { serverLayer, serverUrl } from "./Serve.js"
import { runWorker, workerOptions } from "./Worker.js"

const nextSteps = (url: string, dataDir: string, workerId: string) => `DevServer is running at ${url}
Data folder: ${dataDir}. Worker: ${workerId}.
Ctrl-C stops it; running tasks go back to the queue.
Try next, in another terminal:
  devserver repo add NAME --provider local --path /path/to/checkout
  devserver task add "Describe the change" --repo NAME
  devserver task enqueue KEY && devserver task logs KEY --follow
  devserver doctor          checks agent CLIs, keys, git identity and the database`

/** Removes finished tasks' folders (after the `worktreeRetentionDays` setting) now and every 6 hours, for the lifetime of the scope. */
const collectWorktrees = Effect.gen(function*() {
  const { collectExpired } = yield* load(() => import("@devserver/core/ops/WorktreeGc"))
  const once = Effect.gen(function*() {
    const { days, removed } = yield* collectExpired
    if (removed.length > 0) yield* Console.log(`removed ${removed.length} finished tasks' folders (finished over ${days} days ago)`)
  }).pipe(Effect.catchAllCause((cause) => Effect.logWarning("worktree garbage collection failed", cause)))
  yield* Effect.forkScoped(Effect.repeat(once, Schedule.spaced(Duration.hours(6))))
})

/** All in one: the database (embedded by default), migrations, and a worker with the scheduler, until Ctrl-C. */
export const start = Command.make("start", { concurrency: workerOptions.concurrency }, ({ concurrency }) =>
  Effect.gen(function*() {
    const { DataDir } = yield* load(() => import("@devserver/core/store/DataDir"))
    const dataDir = yield* DataDir
    yield* Effect.addFinalizer(() => Console.log("DevServer stopped."))
    const worker = yield* runWorker({ concurrency, id: Option.none() })
    yield* Console.log(nextSteps(yield* serverUrl, dataDir.path, worker.id))
    yield* collectWorktrees
    return yield* Effect.never
  }).pipe(Effect.scoped)).pipe(
  Command.withDescription("Run DevServer here: the database (embedded unless DATABASE_URL is set), migrations, the web app and API, a worker and the schedules."),
  Command.provide(eventStreamLayer),
  Command.provide(workerLayer),
  Command.provide(serverLayer),
  Command.provide(appLayer)
)
