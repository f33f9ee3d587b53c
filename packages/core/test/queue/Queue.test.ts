import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Option, Scope } from "effect"
import { Queue, type Recovered } from "../../src/queue/Queue.js"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Settings } from "../../src/store/Settings.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as QueueTest from "./support/QueueTest.js"

const claimOne = (worker = "w") => Effect.flatMap(Queue, (queue) => queue.claim(worker, { leaseSeconds: 30 }))
const claimKey = (worker = "w") => claimOne(worker).pipe(Effect.map(Option.map((c) => c.task.key)))

const queued = (title: string, extra: { priority?: number; repo?: string; dependsOn?: Array<string> } = {}) =>
  Effect.gen(function*() {
    const task = yield* (yield* Tasks).create({ title, ...extra })
    return (yield* (yield* Queue).enqueue(task.key)).key
  })

describe("Queue", () => {
  it.effect("claims by priority (1 first), then by enqueue time", () =>
    Effect.gen(function*() {
      const low = yield* queued("low", { priority: 4 })
      const normalFirst = yield* queued("normal first", { priority: 3 })
      const critical = yield* queued("critical", { priority: 1 })
      const normalSecond = yield* queued("normal second", { priority: 3 })
      const order = []
      for (let i = 0; i < 4; i++) order.push(Option.getOrThrow(yield* claimKey()))
      assert.deepStrictEqual(order, [critical, normalFirst, normalSecond, low])
      assert.isTrue(Option.isNone(yield* claimKey()))
    }).pipe(Effect.provide(QueueTest.layer)))

  it.effect("a task is claimable only when its dependencies are in review or done", () =>
    Effect.gen(function*() {
      const queue = yield* Queue
      const tasks = yield* Tasks
      const base = yield* queued("base", { priority: 4 })
      const child = yield* queued("child", { priority: 1, dependsOn: [base] })
      const first = Option.getOrThrow(yield* claimOne())
      assert.strictEqual(first.task.key, base, "the critical child waits for its low-priority dependency")
      assert.isTrue(Option.isNone(yield* claimKey()))
      yield* queue.complete("w", first.lease, { status: "failed", reason: "broke" })
      assert.isTrue(Option.isNone(yield* claimKey()), "a failed dependency does not release the child")
      yield* queue.enqueue(base)
      const second = Option.getOrThrow(yield* claimOne())
      assert.strictEqual(second.lease.claim, first.lease.claim + 1, "every claim of a task has a new number")
      yield* queue.complete("w", second.lease, { status: "review" })
      assert.deepStrictEqual(yield* claimKey(), Option.some(child))
      assert.strictEqual((yield* tasks.get(base)).status, "review")
    }).pipe(Effect.provide(QueueTest.layer)))

  it.effect("a busy repo's second task waits for the slot and is claimed once it frees", () =>
    Effect.gen(function*() {
      const queue = yield* Queue
      yield* (yield* Repos).add({ name: "busy", provider: "gitea", cloneUrl: "https://git.example/busy.git" })
      const first = yield* queued("first", { repo: "busy" })
      const second = yield* queued("second", { repo: "busy" })
      const other = yield* queued("repo-less", { priority: 4 })
      const claimed = Option.getOrThrow(yield* claimOne())
      assert.strictEqual(claimed.task.key, first)
      assert.deepStrictEqual(yield* claimKey(), Option.some(other), "the full repo is skipped, not blocking others")
      assert.isTrue(Option.isNone(yield* claimKey()))
      yield* queue.complete("w", claimed.lease, { status: "review" })
      assert.deepStrictEqual(yield* claimKey(), Option.some(second))
    }).pipe(Effect.provide(QueueTest.layer)))

  it.effect("nothing is claimed while the queue is paused", () =>
    Effect.gen(function*() {
      const settings = yield* Settings
      const key = yield* queued("paused")
      yield* settings.set("queuePaused", true)
      assert.isTrue(Option.isNone(yield* claimKey()))
      yield* settings.set("queuePaused", false)
      assert.deepStrictEqual(yield* claimKey(), Option.some(key))
    }).pipe(Effect.provide(QueueTest.layer)))

  it.effect("a delayed enqueue is claimable only after its delay", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const task = yield* (yield* Tasks).create({ title: "rate limited" })
      yield* (yield* Queue).enqueue(task.key, { delay: "1 hour" })
      assert.isTrue(Option.isNone(yield* claimKey()))
      yield* sql`update tasks set run_after = now() - interval '1 second' where id = ${task.id}`
      assert.deepStrictEqual(yield* claimKey(), Option.some(task.key))
    }).pipe(Effect.provide(QueueTest.layer)))

  it.effect("a cancelled task is never overwritten by the worker that ran it", () =>
    Effect.gen(function*() {
      const queue = yield* Queue
      const key = yield* queued("cancel me")
      const { lease } = Option.getOrThrow(yield* queue.claim("w", { leaseSeconds: 30 }))
      yield* queue.cancel(key, "user")
      assert.isFalse(yield* queue.complete("w", lease, { status: "review" }))
      assert.isFalse(yield* queue.release("w", lease))
      assert.deepStrictEqual(yield* queue.heartbeat("w", [lease], { leaseSeconds: 30 }), [lease], "the worker learns it lost the task")
      assert.strictEqual((yield* (yield* Tasks).get(key)).status, "cancelled")
      const again = yield* Effect.flip(queue.cancel(key, "user"))
      assert.strictEqual(again._tag, "IllegalTransition")
    }).pipe(Effect.provide(QueueTest.layer)))

  it.effect("expired leases return to the queue at their old place with a task_recovered event", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const queue = yield* Queue
      const older = yield* queued("older")
      yield* queued("newer")
      const { lease, task } = Option.getOrThrow(yield* queue.claim("dead-worker", { leaseSeconds: 30 }))
      assert.strictEqual(task.key, older)
      assert.strictEqual(lease.seconds, 30)
      assert.deepStrictEqual(yield* queue.recover(), [], "a live lease is left alone")
      const untilExpiry = (yield* queue.nextLeaseExpiry())!
      assert.isTrue(untilExpiry > 28_000 && untilExpiry <= 30_000, `lease ends in ${untilExpiry} ms`)
      yield* sql`update tasks set lease_expires_at = now() - interval '1 second' where id = ${task.id}`
      assert.deepStrictEqual(yield* queue.recover(), [{ taskKey: older, fromWorker: "dead-worker", cause: "lease expired" }])
      assert.deepStrictEqual(yield* claimKey("w2"), Option.some(older), "the recovered task is first in line again")
      assert.isFalse(yield* queue.complete("dead-worker", lease, { status: "review" }), "the dead worker's late result is ignored")
      const types = (yield* (yield* Events).list({ taskId: task.id })).map((e) => e.payload.type)
      assert.include(types, "task_recovered")
    }).pipe(Effect.provide(QueueTest.layer)))

  it.effect("a batch claim fills several slots in claim order without exceeding a repo's parallelism", () =>
    Effect.gen(function*() {
      const queue = yield* Queue
      yield* (yield* Repos).add({ name: "pair", provider: "gitea", cloneUrl: "https://git.example/pair.git", parallelism: 2 })
      const inRepo = [yield* queued("r1", { repo: "pair", priority: 1 }), yield* queued("r2", { repo: "pair", priority: 1 }), yield* queued("r3", { repo: "pair", priority: 1 })]
      const loose = yield* queued("loose", { priority: 2 })
      const claimed = yield* queue.claimMany("w", { leaseSeconds: 30, limit: 5 })
      assert.deepStrictEqual(claimed.map((c) => c.task.key), [inRepo[0], inRepo[1], loose], "the third task of the repo waits for a slot")
      assert.isTrue(claimed.every((c) => c.task.status === "running" && c.task.leaseOwner === "w"))
      // Completing one task and claiming in the same statement frees and takes the repo's slot.
      const done = yield* queue.completeAndClaim("w", [{ ...claimed[0]!.lease, outcome: { status: "review" } }], { leaseSeconds: 30, limit: 1 })
      assert.deepStrictEqual(done.completed, [claimed[0]!.task.id])
      assert.deepStrictEqual(done.claimed.map((c) => c.task.key), [inRepo[2]])
    }).pipe(Effect.provide(QueueTest.layer)))

  it.effect("a registered worker whose connection died loses its tasks at once, before its lease ends", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const queue = yield* Queue
      const key = yield* queued("orphan")
      const scope = yield* Scope.make()
      yield* Scope.extend(queue.register("mortal"), scope)
      const { lease } = Option.getOrThrow(yield* queue.claim("mortal", { leaseSeconds: 30 }))
      assert.deepStrictEqual(yield* queue.recover(), [], "a live worker keeps its task")
      // What a kill -9 does to the worker's presence connection: the server ends its session.
      yield* sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and classid = 1146290178 and granted`
      let recovered: ReadonlyArray<Recovered> = []
      yield* QueueTest.eventually("the dead worker's task to be recovered", Effect.map(queue.recover(), (r) => (recovered = r).length > 0), "5 seconds")
      assert.deepStrictEqual(recovered, [{ taskKey: key, fromWorker: "mortal", cause: "worker died" }])
      assert.strictEqual((yield* (yield* Tasks).get(key)).status, "queued")
      assert.deepStrictEqual(yield* claimKey("w2"), Option.some(key))
      assert.isFalse(yield* queue.complete("mortal", lease, { status: "review" }), "the dead worker's late result is ignored")
      yield* Scope.close(scope, Exit.void).pipe(Effect.ignore)
    }).pipe(Effect.provide(QueueTest.layer)))
})
