/**
 * A nightly batch: enqueue a list of tasks, run them on a worker in this process, print a summary,
 * and exit 0 when every task reached review (1 when any failed, was blocked or cancelled; 2 when the
 * batch could not run). Made for cron:
 *
 *   0 2 * * *  cd /srv/devserver && npx tsx examples/nightly-batch.ts nightly.txt --repo web >> nightly.log 2>&1
 *
 * Each non-empty line of the file that does not start with `#` is one task: its title for an agent
 * vendor, or its shell command with `--vendor command`. `--repo NAME` and `--vendor VENDOR` apply to
 * every task (defaults: no repo, the `defaultVendor` setting). Uses DEVSERVER_DATA_DIR (or
 * DATABASE_URL) like `devserver start`, so it runs beside a running DevServer too.
 */
import { DevServer, EventStream, Queue, Runs, Tasks, Worker, WorkerServices } from "@devserver/core"
import { Clock, Console, Effect, Layer, Option, Stream } from "effect"
import * as fs from "node:fs"
import { parseArgs } from "node:util"

const { positionals, values } = parseArgs({ allowPositionals: true, options: { repo: { type: "string" }, vendor: { type: "string" } } })
const file = positionals[0]
if (file === undefined || !fs.existsSync(file)) {
  console.error(file === undefined ? "usage: nightly-batch.ts FILE [--repo NAME] [--vendor VENDOR]" : `nightly-batch: no such file: ${file}`)
  process.exit(2)
}
const lines = fs.readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"))
const waitsForPerson = new Set(["review", "done", "failed", "blocked", "cancelled"])
const seconds = (ms: number) => `${Math.round(ms / 1000)}s`
const usd = (n: number | null) => (n === null ? "-" : `$${n.toFixed(2)}`)

interface Finished {
  readonly key: string
  readonly status: string
  readonly ms: number
  readonly costUsd: number | null
  /** Why the task stopped, as its last status change says. */
  readonly reason: string | null
  readonly title: string
}

const program = Effect.gen(function*() {
  yield* Worker.make({ workerId: `nightly-batch-${process.pid}` })
  const tasks = yield* Tasks.Tasks
  const queue = yield* Queue.Queue
  const events = yield* EventStream.EventStream
  const runs = yield* Runs.Runs
  const command = values.vendor === "command"
  const started = yield* Clock.currentTimeMillis

  // Created and enqueued first, so the worker can run them side by side (up to maxConcurrency).
  const batch = yield* Effect.forEach(lines, (line) =>
    Effect.gen(function*() {
      const task = yield* tasks.create({
        title: line.slice(0, 200),
        description: command ? line : "",
        labels: ["nightly"],
        ...(values.repo === undefined ? {} : { repo: values.repo }),
        ...(values.vendor === undefined ? {} : { vendor: values.vendor })
      })
      yield* queue.enqueue(task.key)
      yield* Console.log(`queued ${task.key} ${task.title}`)
      return task
    }))

  const finished = yield* Effect.forEach(batch, (task) =>
    Effect.gen(function*() {
      // From the task's first event: a task that ended before this subscription is seen too.
      const last = yield* events.subscribe({ taskId: task.id }).pipe(
        Stream.filterMap((e) => (e.payload.type === "status_changed" && waitsForPerson.has(e.payload.to) ? Option.some(e.payload) : Option.none())),
        Stream.runHead
      )
      const end = yield* tasks.get(task.key)
      const taskRuns = yield* runs.forTask(task.id)
      const costs = taskRuns.flatMap((r) => (r.costUsd === null ? [] : [r.costUsd]))
      const result: Finished = {
        key: task.key,
        status: end.status,
        ms: (yield* Clock.currentTimeMillis) - started,
        costUsd: costs.length === 0 ? null : costs.reduce((a, b) => a + b, 0),
        reason: Option.getOrUndefined(last)?.reason ?? null,
        title: task.title
      }
      yield* Console.log(`${result.key} ${result.status} after ${seconds(result.ms)}`)
      return result
    }), { concurrency: "unbounded" })

  yield* Console.log("\nkey        status     time   cost     task")
  for (const f of finished) {
    const why = f.status === "review" || f.reason === null ? "" : ` (${f.reason.split("\n")[0]!.slice(0, 100)})`
    yield* Console.log(`${f.key.padEnd(10)} ${f.status.padEnd(10)} ${seconds(f.ms).padStart(5)}  ${usd(f.costUsd).padEnd(7)}  ${f.title}${why}`)
  }
  const succeeded = finished.filter((f) => f.status === "review" || f.status === "done").length
  const costs = finished.flatMap((f) => (f.costUsd === null ? [] : [f.costUsd]))
  const total = costs.length === 0 ? null : costs.reduce((a, b) => a + b, 0)
  const elapsed = (yield* Clock.currentTimeMillis) - started
  yield* Console.log(`\n${finished.length} tasks: ${succeeded} succeeded, ${finished.length - succeeded} failed in ${seconds(elapsed)}; cost ${usd(total)}`)
  return succeeded === finished.length
})

const layer = Layer.mergeAll(WorkerServices.layer, EventStream.layer).pipe(Layer.provideMerge(DevServer.layer))

Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(layer))).then(
  (allSucceeded) => process.exit(allSucceeded ? 0 : 1),
  (error) => {
    // An unknown repo or vendor, an unreachable database: one line for the cron mail, exit 2.
    console.error(`nightly-batch: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(2)
  }
)
