/**
 * The queue over PostgreSQL; every hot-path write is one statement (one round trip, one commit).
 *
 * Claims are the `devserver_claim_many` function (migration 0003): it picks claimable rows in claim
 * order with `FOR UPDATE SKIP LOCKED` (concurrent claimers never wait on each other's rows) and, for
 * a task of a repo, takes that repo's transaction-level advisory lock and counts the repo's active
 * tasks again before taking the slot (READ COMMITTED: a fresh snapshot per statement of the function,
 * so the second of two racing claims sees the first). A worker ending tasks completes them and claims
 * its next task(s) in one statement (`completeAndClaim`; tasks ending together share it). Every status
 * write is built by store/TaskMove.ts, the one status write path shared with `Tasks.transition`. Nothing here
 * NOTIFYs inside a transaction: the Announcer wakes listeners after commit.
 */
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Option } from "effect"
import { settingDefinitions } from "../domain/Setting.js"
import type { Task } from "../domain/Task.js"
import { canTransition, type TaskStatus, transition } from "../domain/TaskStatus.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Events } from "../store/Events.js"
import { active, decodeTaskRow, makeClaimCall, makeMove, makeMoveByKey, moveCtes, type MoveOptions, taskColumns } from "../store/TaskMove.js"
import * as Announcer from "./Announcer.js"
import { type ClaimManyOptions, type Outcome, Queue } from "./Queue.js"

/** Key space of the workers' presence locks (`pg_advisory_lock(PRESENCE, hashtext(worker id))`). */
const PRESENCE = 1146290178

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const events = yield* Events
  const move = makeMove(sql)
  const moveByKey = makeMoveByKey(sql)
  const { announce } = yield* Announcer.make(sql)
  // The claim function only ever moves queued → running; the machine must allow it.
  if (!canTransition("queued", "running")) return yield* Effect.dieMessage("the status machine forbids queued → running")

  const claimCall = (workerId: string, options: ClaimManyOptions) =>
    makeClaimCall(sql, workerId, options.leaseSeconds, options.limit, settingDefinitions.queuePaused.defaultValue)

  const claimMany = Effect.fn("Queue.claimMany")(function*(workerId: string, options: ClaimManyOptions) {
    if (options.limit <= 0) return []
    const rows = yield* sql`select ${taskColumns(sql, "c")} from ${claimCall(workerId, options)} c left join repos r on r.id = c.repo_id`
    if (rows.length > 0) yield* announce()
    return rows.map(decodeTaskRow)
  }, storeFailure("queue.claim"))

  /** Checks `to` is legal from both active statuses (a held task is running or verifying). */
  const checkHeld = (taskId: number, to: TaskStatus) =>
    Effect.forEach(active, (from) => transition(String(taskId), from, to), { discard: true })

  /** Moves a task only while `workerId` holds it; `false` when it no longer does. */
  const moveHeld = (workerId: string, taskId: number, options: Omit<MoveOptions, "where" | "from">) =>
    Effect.gen(function*() {
      yield* checkHeld(taskId, options.to)
      const moved = yield* move({ ...options, from: active, where: sql`id = ${taskId} and lease_owner = ${workerId}` })
      if (moved.length > 0) yield* announce({ queue: moved.some((m) => m.wakes) })
      return moved.length > 0
    })

  const outcomeMove = (outcome: Outcome) => ({
    to: outcome.status,
    reason: outcome.reason,
    delay: outcome.status === "queued" ? outcome.delay : undefined
  })

  // Whether the worker `w.id` (of the enclosing query) holds its presence lock.
  const presenceHeld = sql`exists (select 1 from pg_locks l
    where l.locktype = 'advisory' and l.granted and l.classid = ${PRESENCE}::oid and l.objid = hashtext(w.id)::oid
      and l.objsubid = 2 and l.database = (select oid from pg_database where datname = current_database()))`

  return Queue.of({
    claim: (workerId, options) => Effect.map(claimMany(workerId, { ...options, limit: 1 }), (tasks) => Option.fromNullable(tasks[0])),
    claimMany,
    completeAndClaim: Effect.fn("Queue.completeAndClaim")(function*(workerId, finished, next) {
      // One statement per distinct outcome; the claim goes with the last.
      const groups = new Map<string, { outcome: Outcome; ids: Array<number> }>()
      for (const { outcome, taskId } of finished) {
        const key = JSON.stringify([outcome.status, outcome.reason, outcome.status === "queued" ? outcome.delay : undefined])
        const group = groups.get(key) ?? { outcome, ids: [] }
        group.ids.push(taskId)
        groups.set(key, group)
      }
      const completed: Array<number> = []
      let claimed: ReadonlyArray<Task> = []
      let wakes = false
      const list = [...groups.values()]
      for (const [i, { ids, outcome }] of list.entries()) {
        const options = { ...outcomeMove(outcome), from: active, where: sql`id in ${sql.in(ids)} and lease_owner = ${workerId}` }
        yield* checkHeld(ids[0]!, options.to)
        const limit = i === list.length - 1 ? next.limit : 0
        // Either order of the two parts is correct: a claim that does not see the completion misses
        // only the slots it frees, and those wake the workers after commit.
        const rows = yield* sql<{ completed: ReadonlyArray<number>; wakes: boolean; id: number | null }>`
          with ${moveCtes(sql, options)},
          done as (select coalesce(array_agg(upd.id), '{}')::int8[]::float8[] as completed, coalesce(bool_or(upd.wakes), false) as wakes from upd)
          select done.completed, done.wakes, ${taskColumns(sql, "c")}
          from done left join lateral ${claimCall(workerId, { ...next, limit })} c on true left join repos r on r.id = c.repo_id`
        completed.push(...(rows[0]?.completed ?? []))
        wakes ||= rows[0]?.wakes === true
        claimed = rows.filter((row) => row.id !== null).map(decodeTaskRow)
      }
      if (completed.length > 0 || claimed.length > 0) yield* announce({ queue: wakes })
      return { completed, claimed }
    }, storeFailure("queue.completeAndClaim")),
    register: Effect.fn("Queue.register")(function*(workerId) {
      // A connection of its own for the worker's lifetime: the lock lives and dies with it.
      const connection = yield* sql.reserve
      yield* connection.executeRaw("select pg_advisory_lock($1, hashtext($2))", [PRESENCE, workerId])
      yield* sql`insert into workers (id) values (${workerId}) on conflict (id) do update set started_at = now()`
      yield* Effect.addFinalizer(() => sql`delete from workers where id = ${workerId}`.pipe(Effect.ignore))
    }, storeFailure("queue.register")),
    enqueue: Effect.fn("Queue.enqueue")(function*(key, options = {}) {
      // The tasks trigger announces a task becoming queued to workers and event subscribers.
      const moved = yield* moveByKey(key, { to: "queued", delay: options.delay, reason: options.reason })
      return moved.task
    }, storeFailure("queue.enqueue")),
    heartbeat: Effect.fn("Queue.heartbeat")(function*(workerId, taskIds, options) {
      if (taskIds.length === 0) return []
      const held = yield* sql<{ id: number }>`
        update tasks set lease_expires_at = now() + make_interval(secs => ${options.leaseSeconds}), heartbeat_at = now()
        where id in ${sql.in(taskIds)} and lease_owner = ${workerId} and status in ${sql.in(active)}
        returning id`
      return taskIds.filter((id) => !held.some((row) => row.id === id))
    }, storeFailure("queue.heartbeat")),
    complete: Effect.fn("Queue.complete")(function*(workerId, taskId, outcome: Outcome) {
      return yield* moveHeld(workerId, taskId, outcomeMove(outcome))
    }, storeFailure("queue.complete")),
    release: Effect.fn("Queue.release")(function*(workerId, taskId) {
      // queued is legal from both active statuses: a refusal would be a defect of the machine.
      return yield* Effect.orDie(moveHeld(workerId, taskId, { to: "queued", reason: `released by ${workerId}`, keepPlace: true }))
    }, storeFailure("queue.release")),
    cancel: Effect.fn("Queue.cancel")(function*(key, by) {
      return yield* sql.withTransaction(Effect.gen(function*() {
        const moved = yield* moveByKey(key, { to: "cancelled", reason: `cancelled by ${by}` })
        yield* events.append({ type: "cancelled", by }, { taskId: moved.task.id })
        return moved.task
      }))
    }, storeFailure("queue.cancel")),
    recover: Effect.fn("Queue.recover")(function*() {
      return yield* sql.withTransaction(Effect.gen(function*() {
        const moved = yield* move({
          to: "queued",
          from: active,
          where: sql`(lease_expires_at < now() or lease_owner in (select w.id from workers w where not ${presenceHeld}))`,
          reason: "lease expired",
          keepPlace: true,
          skipLocked: true
        })
        // Dead workers whose tasks are all back in the queue are forgotten.
        yield* sql`delete from workers w where not ${presenceHeld}
          and not exists (select 1 from tasks t where t.lease_owner = w.id and t.status in ${sql.in(active)})`
        const recovered = yield* Effect.forEach(moved, ({ previousOwner, task }) => {
          const fromWorker = previousOwner ?? "unknown"
          return Effect.as(events.append({ type: "task_recovered", fromWorker }, { taskId: task.id }), { taskKey: task.key, fromWorker })
        })
        return recovered
      }))
    }, storeFailure("queue.recover")),
    nextLeaseExpiry: () =>
      sql<{ ms: number | null }>`
        select (extract(epoch from min(lease_expires_at) - now()) * 1000)::float8 as ms
        from tasks where status in ${sql.in(active)}`.pipe(Effect.map(([row]) => row?.ms ?? null), storeFailure("queue.nextLeaseExpiry"))
  })
})

export const layer = Layer.scoped(Queue, make)
