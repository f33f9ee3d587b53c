import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option, Ref } from "effect"
import { Queue } from "../../src/queue/Queue.js"
import { TaskRunner } from "../../src/queue/TaskRunner.js"
import * as Worker from "../../src/queue/Worker.js"
import { Events } from "../../src/store/Events.js"
import { Settings } from "../../src/store/Settings.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as QueueTest from "./support/QueueTest.js"

/** A runner whose tasks run until interrupted; records each start. */
const endlessRunner = Effect.map(Ref.make<ReadonlyArray<string>>([]), (started) => ({
  started,
  layer: Layer.succeed(TaskRunner, { run: (task) => Ref.update(started, (s) => [...s, task.key]).pipe(Effect.zipRight(Effect.never)) })
}))

const enqueued = (title: string) =>
  Effect.gen(function*() {
    const task = yield* (yield* Tasks).create({ title })
    yield* (yield* Queue).enqueue(task.key)
    return task
  })

const recoveries = (taskId: number) =>
  Effect.map(Effect.flatMap(Events, (events) => events.list({ taskId })), (log) => log.filter((e) => e.payload.type === "task_recovered").length)

describe("claims", () => {
  it.effect("a release, completion or heartbeat of an older claim changes nothing, even from the same worker", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const queue = yield* Queue
      const task = yield* enqueued("re-claimed")
      const old = Option.getOrThrow(yield* queue.claim("w", { leaseSeconds: 30 })).lease
      // The lease ran out under the live worker; a reaper took the task back and the same worker claimed it again.
      yield* sql`update tasks set lease_expires_at = now() - interval '1 second' where id = ${task.id}`
      yield* queue.recover()
      const fresh = Option.getOrThrow(yield* queue.claim("w", { leaseSeconds: 30 })).lease
      assert.strictEqual(fresh.claim, old.claim + 1)

      assert.isFalse(yield* queue.release("w", old), "the stale run's cleanup does not release the new claim")
      assert.isFalse(yield* queue.complete("w", old, { status: "failed" }), "nor complete it")
      assert.deepStrictEqual(yield* queue.heartbeat("w", [old, fresh], { leaseSeconds: 30 }), [old], "only the old claim is lost")
      const [row] = yield* sql<{ status: string; claim: number }>`select status, claim from tasks where id = ${task.id}`
      assert.deepStrictEqual(row, { status: "running", claim: fresh.claim })
      assert.isTrue(yield* queue.complete("w", fresh, { status: "review" }))
    }).pipe(Effect.provide(QueueTest.layer)))

  it.live("a lease lost under a live worker is re-claimed once, not released and re-claimed in a loop", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const { layer, started } = yield* endlessRunner
      const task = yield* enqueued("sleep 40")
      yield* Worker.make({ workerId: "w", leaseSeconds: 30, maxConcurrency: 2, pollInterval: "200 millis" }).pipe(Effect.provide(layer))
      yield* QueueTest.eventually("the task to start", Effect.map(Ref.get(started), (s) => s.length === 1), "5 seconds")
      // As if a heartbeat came too late: the worker's own reaper takes the task back and claims it again.
      yield* sql`update tasks set lease_expires_at = now() - interval '1 second' where id = ${task.id}`
      yield* QueueTest.eventually("the task to start again", Effect.map(Ref.get(started), (s) => s.length === 2), "5 seconds")
      yield* Effect.sleep("3 seconds")
      assert.strictEqual((yield* Ref.get(started)).length, 2, "started once more, then left running")
      const [row] = yield* sql<{ status: string; claim: number; leaseOwner: string }>`select status, claim, lease_owner from tasks where id = ${task.id}`
      assert.deepStrictEqual(row, { status: "running", claim: 2, leaseOwner: "w" })
      assert.strictEqual(yield* recoveries(task.id), 1)
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))

  it.live("a task its own completion re-queues and claims again starts again (the completing fiber does not wait on itself)", () =>
    Effect.gen(function*() {
      const tasks = yield* Tasks
      const runs = yield* Ref.make(0)
      const runner = Layer.succeed(TaskRunner, {
        run: () => Effect.map(Ref.updateAndGet(runs, (n) => n + 1), (n) => (n === 1 ? { status: "queued" as const } : { status: "review" as const }))
      })
      const task = yield* enqueued("again at once")
      yield* Worker.make({ workerId: "w", maxConcurrency: 1, pollInterval: "200 millis" }).pipe(Effect.provide(runner))
      yield* QueueTest.eventually("the task delivered on its second run", Effect.map(tasks.get(task.key), (t) => t.status === "review"), "10 seconds")
      assert.strictEqual(yield* Ref.get(runs), 2)
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))

  it.live("a worker renews from the lease its claim got: a 5 s lease claimed right after start never lapses", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const { layer, started } = yield* endlessRunner
      yield* (yield* Settings).set("leaseSeconds", 5)
      const task = yield* enqueued("claimed at once")
      yield* Worker.make({ workerId: "w", maxConcurrency: 1, pollInterval: "200 millis" }).pipe(Effect.provide(layer))
      yield* QueueTest.eventually("the task to start", Effect.map(Ref.get(started), (s) => s.length === 1), "5 seconds")
      yield* Effect.sleep("8 seconds")
      assert.strictEqual((yield* Ref.get(started)).length, 1, "never taken back and run twice")
      assert.strictEqual(yield* recoveries(task.id), 0)
      const [row] = yield* sql<{ leaseSeconds: number; left: number }>`
        select lease_seconds, extract(epoch from lease_expires_at - now())::float8 as left from tasks where id = ${task.id}`
      assert.strictEqual(row!.leaseSeconds, 5)
      assert.isAbove(row!.left, 1, "renewed within the last third of the lease")
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))

  it.live("a live lease change applies at the next renewal, and the claim's stored lease follows it", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const settings = yield* Settings
      const { layer, started } = yield* endlessRunner
      yield* settings.set("leaseSeconds", 6)
      const task = yield* enqueued("lease grows")
      yield* Worker.make({ workerId: "w", maxConcurrency: 1, pollInterval: "200 millis" }).pipe(Effect.provide(layer))
      yield* QueueTest.eventually("the task to start", Effect.map(Ref.get(started), (s) => s.length === 1), "5 seconds")
      yield* settings.set("leaseSeconds", 300)
      const leaseOf = sql<{ leaseSeconds: number }>`select lease_seconds from tasks where id = ${task.id}`.pipe(Effect.map(([r]) => r!.leaseSeconds))
      yield* QueueTest.eventually("the renewal to take the new length", Effect.map(leaseOf, (s) => s === 300), "6 seconds")
      const [row] = yield* sql<{ left: number }>`select extract(epoch from lease_expires_at - now())::float8 as left from tasks where id = ${task.id}`
      assert.isAbove(row!.left, 250)
      assert.strictEqual((yield* Ref.get(started)).length, 1)
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))
})
