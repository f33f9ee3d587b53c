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
 *
 * A completion, release or heartbeat matches rows by task id *and* claim number (`tasks.claim`), so
 * one naming an older claim changes nothing. The hot statements (claim, complete-and-claim,
 * heartbeat, and every move) are marked `/* prepare *\/` and run as prepared statements (see
 * store/Database.ts); their texts do not depend on how many tasks they name (id lists go as arrays).
 */
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Option } from "effect"
import { settingDefinitions } from "../domain/Setting.js"
import { canTransition, type TaskStatus, transition } from "../domain/TaskStatus.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Events } from "../store/Events.js"
import { active, decodeTaskRow, makeClaimCall, makeMove, makeMoveByKey, moveCtes, type MoveOptions, taskColumns } from "../store/TaskMove.js"
import * as Announcer from "./Announcer.js"
import { type ClaimManyOptions, type Claimed, type ClaimRef, type Outcome, Queue } from "./Queue.js"
import * as Recovery from "./Recovery.js"

/** A claimed row (tasks columns with `claim` and `lease_seconds`) as a `Claimed`. */
const decodeClaimed = (row: { readonly claim: number; readonly leaseSeconds: number }): Claimed => {
  const task = decodeTaskRow(row)
  return { task, lease: { taskId: task.id, claim: row.claim, seconds: row.leaseSeconds } }
}

/** Claims as two array literals (`{1,2}`), so a statement's text is the same for any number of them. */
const claimArrays = (claims: ReadonlyArray<ClaimRef>) => ({
  ids: `{${claims.map((c) => c.taskId).join(",")}}`,
  claims: `{${claims.map((c) => c.claim).join(",")}}`
})

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const events = yield* Events
  const move = makeMove(sql)
  const moveByKey = makeMoveByKey(sql)
  const { announce } = yield* Announcer.make(sql)
  const recovery = Recovery.make(sql, events, move)
  // The claim function only ever moves queued → running; the machine must allow it.
  if (!canTransition("queued", "running")) return yield* Effect.dieMessage("the status machine forbids queued → running")

  const claimCall = (workerId: string, options: ClaimManyOptions) =>
    makeClaimCall(sql, workerId, options.leaseSeconds, options.limit, settingDefinitions.queuePaused.defaultValue)

  const claimMany = Effect.fn("Queue.claimMany")(function*(workerId: string, options: ClaimManyOptions) {
    if (options.limit <= 0) return []
    const rows = yield* sql<{ claim: number; leaseSeconds: number }>`/* prepare */
      select ${taskColumns(sql, "c")} from ${claimCall(workerId, options)} c left join repos r on r.id = c.repo_id`
    if (rows.length > 0) yield* announce()
    return rows.map(decodeClaimed)
  }, storeFailure("queue.claim"))

  /** Checks `to` is legal from both active statuses (a held task is running or verifying). */
  const checkHeld = (taskId: number, to: TaskStatus) =>
    Effect.forEach(active, (from) => transition(String(taskId), from, to), { discard: true })

  /** Rows of `claims` still held by `workerId` under those claims (a condition on `tasks`). */
  const heldUnder = (workerId: string, claims: ReadonlyArray<ClaimRef>) => {
    const arrays = claimArrays(claims)
    return sql`(id, claim) in (select * from unnest(${arrays.ids}::int8[], ${arrays.claims}::int4[])) and lease_owner = ${workerId}`
  }

  /** Moves a task only while `workerId` holds it under `claim`; `false` when it no longer does. */
  const moveHeld = (workerId: string, claim: ClaimRef, options: Omit<MoveOptions, "where" | "from">) =>
    Effect.gen(function*() {
      yield* checkHeld(claim.taskId, options.to)
      const moved = yield* move({ ...options, from: active, where: heldUnder(workerId, [claim]) })
      if (moved.length > 0) yield* announce({ queue: moved.some((m) => m.wakes) })
      return moved.length > 0
    })

  const outcomeMove = (outcome: Outcome) => ({
    to: outcome.status,
    reason: outcome.reason,
    delay: outcome.status === "queued" ? outcome.delay : undefined
  })

  return Queue.of({
    claim: (workerId, options) => Effect.map(claimMany(workerId, { ...options, limit: 1 }), (tasks) => Option.fromNullable(tasks[0])),
    claimMany,
    completeAndClaim: Effect.fn("Queue.completeAndClaim")(function*(workerId, finished, next) {
      // One statement per distinct outcome; the claim goes with the last.
      const groups = new Map<string, { outcome: Outcome; claims: Array<ClaimRef> }>()
      for (const { outcome, ...claim } of finished) {
        const key = JSON.stringify([outcome.status, outcome.reason, outcome.status === "queued" ? outcome.delay : undefined])
        const group = groups.get(key) ?? { outcome, claims: [] }
        group.claims.push({ taskId: claim.taskId, claim: claim.claim })
        groups.set(key, group)
      }
      const completed: Array<number> = []
      let claimed: ReadonlyArray<Claimed> = []
      let wakes = false
      const list = [...groups.values()]
      for (const [i, { claims, outcome }] of list.entries()) {
        const options = { ...outcomeMove(outcome), from: active, where: heldUnder(workerId, claims) }
        yield* checkHeld(claims[0]!.taskId, options.to)
        const limit = i === list.length - 1 ? next.limit : 0
        // Either order of the two parts is correct: a claim that does not see the completion misses
        // only the slots it frees, and those wake the workers after commit.
        const rows = yield* sql<{ completed: ReadonlyArray<number>; wakes: boolean; id: number | null; claim: number; leaseSeconds: number }>`
          /* prepare */ with ${moveCtes(sql, options)},
          done as (select coalesce(array_agg(upd.id), '{}')::int8[]::float8[] as completed, coalesce(bool_or(upd.wakes), false) as wakes from upd)
          select done.completed, done.wakes, ${taskColumns(sql, "c")}
          from done left join lateral ${claimCall(workerId, { ...next, limit })} c on true left join repos r on r.id = c.repo_id`
        completed.push(...(rows[0]?.completed ?? []))
        wakes ||= rows[0]?.wakes === true
        claimed = rows.filter((row) => row.id !== null).map(decodeClaimed)
      }
      if (completed.length > 0 || claimed.length > 0) yield* announce({ queue: wakes })
      return { completed, claimed }
    }, storeFailure("queue.completeAndClaim")),
    register: Effect.fn("Queue.register")(function*(workerId) {
      // A connection of its own for the worker's lifetime: the lock lives and dies with it.
      const connection = yield* sql.reserve
      yield* connection.executeRaw("select pg_advisory_lock($1, hashtext($2))", [Recovery.PRESENCE, workerId])
      yield* sql`insert into workers (id) values (${workerId}) on conflict (id) do update set started_at = now()`
      yield* Effect.addFinalizer(() => sql`delete from workers where id = ${workerId}`.pipe(Effect.ignore))
    }, storeFailure("queue.register")),
    enqueue: Effect.fn("Queue.enqueue")(function*(key, options = {}) {
      // The tasks trigger announces a task becoming queued to workers and event subscribers.
      const moved = yield* moveByKey(key, { to: "queued", delay: options.delay, reason: options.reason })
      return moved.task
    }, storeFailure("queue.enqueue")),
    heartbeat: Effect.fn("Queue.heartbeat")(function*(workerId, claims, options) {
      if (claims.length === 0) return []
      const arrays = claimArrays(claims)
      const held = yield* sql<{ id: number; claim: number }>`/* prepare */
        update tasks t set lease_expires_at = now() + make_interval(secs => ${options.leaseSeconds}),
          lease_seconds = ${options.leaseSeconds}, heartbeat_at = now()
        from unnest(${arrays.ids}::int8[], ${arrays.claims}::int4[]) h(id, claim)
        where t.id = h.id and t.claim = h.claim and t.lease_owner = ${workerId} and t.status in ('running', 'verifying')
        returning t.id, t.claim`
      return claims.filter((c) => !held.some((row) => row.id === c.taskId && row.claim === c.claim))
    }, storeFailure("queue.heartbeat")),
    complete: Effect.fn("Queue.complete")(function*(workerId, claim, outcome: Outcome) {
      return yield* moveHeld(workerId, claim, outcomeMove(outcome))
    }, storeFailure("queue.complete")),
    release: Effect.fn("Queue.release")(function*(workerId, claim) {
      // queued is legal from both active statuses: a refusal would be a defect of the machine.
      return yield* Effect.orDie(moveHeld(workerId, claim, { to: "queued", reason: `released by ${workerId}`, keepPlace: true }))
    }, storeFailure("queue.release")),
    cancel: Effect.fn("Queue.cancel")(function*(key, by) {
      return yield* sql.withTransaction(Effect.gen(function*() {
        const moved = yield* moveByKey(key, { to: "cancelled", reason: `cancelled by ${by}` })
        yield* events.append({ type: "cancelled", by }, { taskId: moved.task.id })
        // A dead worker's runs of the task would stay open: nobody else closes them.
        yield* recovery.closeAbandonedRuns
        return moved.task
      }))
    }, storeFailure("queue.cancel")),
    recover: () => recovery.recover.pipe(storeFailure("queue.recover"), Effect.withSpan("Queue.recover")),
    blockOrphans: () => recovery.blockOrphans.pipe(storeFailure("queue.blockOrphans"), Effect.withSpan("Queue.blockOrphans")),
    nextLeaseExpiry: () =>
      sql<{ ms: number | null }>`
        select (extract(epoch from min(lease_expires_at) - now()) * 1000)::float8 as ms
        from tasks where status in ${sql.in(active)}`.pipe(Effect.map(([row]) => row?.ms ?? null), storeFailure("queue.nextLeaseExpiry"))
  })
})

export const layer = Layer.scoped(Queue, make)
