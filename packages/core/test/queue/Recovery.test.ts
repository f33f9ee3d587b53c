import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Option, Scope } from "effect"
import { Queue } from "../../src/queue/Queue.js"
import { Events } from "../../src/store/Events.js"
import { Runs } from "../../src/store/Runs.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as QueueTest from "./support/QueueTest.js"

/** A task claimed by the registered worker `workerId`, with a run it opened; `kill` ends its process (its session). */
const runningOnMortalWorker = (workerId: string, title: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const queue = yield* Queue
    const task = yield* (yield* Tasks).create({ title })
    yield* queue.enqueue(task.key)
    const scope = yield* Scope.make()
    yield* Effect.addFinalizer(() => Scope.close(scope, Exit.void).pipe(Effect.ignore))
    yield* Scope.extend(queue.register(workerId), scope)
    const claimed = Option.getOrThrow(yield* queue.claim(workerId, { leaseSeconds: 30 }))
    const run = yield* (yield* Runs).start({ taskId: task.id, attempt: 1, vendor: "command", model: null, workerId })
    // What a kill -9 does to the worker's presence connection: the server ends its session.
    const kill = sql`select pg_terminate_backend(pid) from pg_locks
      where locktype = 'advisory' and classid = 1146290178 and objid = hashtext(${workerId})::oid and granted`
    return { task, claimed, run, kill }
  })

const runStatus = (runId: number) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql<{ status: string; finished: boolean; errorClass: string | null }>`
      select status, finished_at is not null as finished, error_class from runs where id = ${runId}`).pipe(Effect.map(([row]) => row!))

describe("recovery", () => {
  it.effect("a dead worker's task comes back labelled 'worker died' and its open run is closed 'lost'", () =>
    Effect.gen(function*() {
      const queue = yield* Queue
      const { kill, run, task } = yield* runningOnMortalWorker("mortal", "crashes")
      yield* kill
      yield* QueueTest.eventually("the task to be recovered", Effect.map(queue.recover(), (r) => r.length > 0), "5 seconds")
      assert.deepStrictEqual(yield* runStatus(run.id), { status: "lost", finished: true, errorClass: "worker.lost" })
      const log = yield* (yield* Events).list({ taskId: task.id })
      const back = log.filter((e) => e.payload.type === "status_changed" && e.payload.to === "queued" && e.payload.from === "running")
      assert.deepStrictEqual(back.map((e) => e.payload.type === "status_changed" && e.payload.reason), ["worker died"])
      const [lost] = yield* (yield* Runs).forTask(task.id)
      assert.strictEqual(lost!.status, "lost", "run history shows the attempt as lost")
      assert.isNotNull(lost!.durationMs)
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))

  it.effect("cancelling a task whose worker died closes its open run 'lost'; a live worker's run is left to it", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const queue = yield* Queue
      const dead = yield* runningOnMortalWorker("dead", "cancelled after its worker died")
      const live = yield* runningOnMortalWorker("alive", "cancelled while its worker runs it")
      yield* dead.kill
      yield* QueueTest.eventually("the dead worker's session to end",
        sql`select 1 from pg_locks where locktype = 'advisory' and classid = 1146290178 and objid = hashtext('dead')::oid`.pipe(
          Effect.map((rows) => rows.length === 0)
        ), "5 seconds")
      yield* queue.cancel(dead.task.key, "user")
      assert.strictEqual((yield* runStatus(dead.run.id)).status, "lost")
      yield* queue.cancel(live.task.key, "user")
      assert.strictEqual((yield* runStatus(live.run.id)).status, "running", "the live worker closes its own run as it stops")
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))

  it.effect("a queued task whose dependency was cancelled or failed is blocked with the reason, not left waiting", () =>
    Effect.gen(function*() {
      const tasks = yield* Tasks
      const queue = yield* Queue
      const base = yield* tasks.create({ title: "base" })
      const other = yield* tasks.create({ title: "other" })
      const child = yield* tasks.create({ title: "child", dependsOn: [base.key] })
      const both = yield* tasks.create({ title: "both", dependsOn: [base.key, other.key] })
      yield* queue.enqueue(child.key)
      yield* queue.enqueue(both.key)
      assert.deepStrictEqual(yield* queue.blockOrphans(), [], "a pending dependency is worth waiting for")
      yield* queue.cancel(base.key, "user")
      const blocked = yield* queue.blockOrphans()
      assert.sameDeepMembers([...blocked], [
        { taskKey: child.key, reason: `dependency ${base.key} cancelled` },
        { taskKey: both.key, reason: `dependency ${base.key} cancelled` }
      ])
      const shown = yield* tasks.get(child.key)
      assert.strictEqual(shown.status, "blocked")
      assert.strictEqual(shown.blockedReason, `dependency ${base.key} cancelled`)
      assert.deepStrictEqual(yield* queue.blockOrphans(), [], "blocked once")
    }).pipe(Effect.provide(QueueTest.layer)))

  it.effect("events are stamped when written, not when their transaction began", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const events = yield* Events
      const ids = yield* sql.withTransaction(Effect.gen(function*() {
        const first = yield* events.append({ type: "cancelled", by: "first" })
        yield* sql`select pg_sleep(0.2)`
        const second = yield* events.append({ type: "cancelled", by: "second" })
        return [first, second]
      }))
      const rows = yield* sql<{ ms: number }>`
        select (extract(epoch from max(created_at) - min(created_at)) * 1000)::float8 as ms from events where id in ${sql.in(ids)}`
      assert.isAtLeast(rows[0]!.ms, 150)
    }).pipe(Effect.provide(QueueTest.layer)))
})
