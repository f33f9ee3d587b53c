/**
 * Enqueue a task and follow its events until it waits for a person.
 *
 *   npx tsx examples/enqueue-and-follow.ts "echo hello > hello.txt"
 *
 * Uses the data folder of DEVSERVER_DATA_DIR (or DATABASE_URL) like `devserver start`, and runs a
 * worker in this process, so it works alone or beside a running DevServer.
 */
import { DevServer, EventStream, Queue, Tasks, Worker, WorkerServices } from "@devserver/core"
import { Console, Effect, Layer, Stream } from "effect"

const command = process.argv[2] ?? "echo hello from DevServer > hello.txt"
const humanStates = new Set(["review", "done", "failed", "blocked", "cancelled"])

const program = Effect.gen(function*() {
  yield* Worker.make({ workerId: `example-${process.pid}` })
  const task = yield* (yield* Tasks.Tasks).create({ title: "Example: run a command", vendor: "command", description: command, gitFlow: "untracked" })
  yield* (yield* Queue.Queue).enqueue(task.key)
  yield* Console.log(`queued ${task.key}`)
  const events = yield* EventStream.EventStream
  yield* events.subscribe({ taskId: task.id }).pipe(
    Stream.tap((e) => Console.log(`${e.id} ${e.payload.type}${e.payload.type === "status_changed" ? ` → ${e.payload.to}` : ""}`)),
    Stream.takeUntil((e) => e.payload.type === "status_changed" && humanStates.has(e.payload.to)),
    Stream.runDrain
  )
  const end = yield* (yield* Tasks.Tasks).get(task.key)
  yield* Console.log(`${task.key} ended ${end.status}`)
  return end.status
})

const layer = Layer.mergeAll(WorkerServices.layer, EventStream.layer).pipe(Layer.provideMerge(DevServer.layer))

Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(layer))).then(
  (status) => process.exit(status === "review" ? 0 : 1),
  (error) => {
    console.error(error)
    process.exit(2)
  }
)
