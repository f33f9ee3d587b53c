/**
 * The queue over PostgreSQL; every hot-path write is one statement (one round trip).
 *
 * A claim is the `devserver_claim` function (migration 0002), run as one statement: it picks the first
 * claimable row with `FOR UPDATE SKIP LOCKED` (so concurrent claimers never wait on each other's rows),
 * then, for a task of a repo, takes that repo's transaction-level advisory lock and counts the repo's
 * active tasks again before taking the slot. Two workers claiming two tasks of the same repo at once
 * serialise on the repo lock, and the second sees the first's committed claim (READ COMMITTED: a fresh
 * snapshot per statement of the function). A claim takes at most one repo lock, so claims cannot
 * deadlock; a repo found full fails the statement with SQLSTATE DS001 and the claim is retried
 * without that repo. Claims and completions NOTIFY after commit (Announcer), never inside.
 */
import { SqlClient } from "@effect/sql"
import { Effect, Either, Layer, Option } from "effect"
import { NotFound } from "../domain/Errors.js"
import { settingDefinitions } from "../domain/Setting.js"
import { canTransition, type TaskStatus, transition } from "../domain/TaskStatus.js"
import { storeFailure, sqlState } from "../internal/sqlFailure.js"
import { Events } from "../store/Events.js"
import * as Announcer from "./Announcer.js"
import { type ClaimOptions, type EnqueueOptions, type Outcome, Queue } from "./Queue.js"
import { active, decodeTaskRow, makeMove, statusChangedJson, type MoveOptions, taskColumns } from "./TaskMove.js"

const isSqlError = (e: unknown): e is import("@effect/sql/SqlError").SqlError => (e as { _tag?: unknown })?._tag === "SqlError"

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const events = yield* Events
  const move = makeMove(sql)
  const { announce } = yield* Announcer.make(sql)
  // The claim function only ever moves queued → running; the machine must allow it.
  if (!canTransition("queued", "running")) return yield* Effect.dieMessage("the status machine forbids queued → running")

  const claimOnce = (workerId: string, options: ClaimOptions, excluded: ReadonlyArray<number>) =>
    sql`
      select ${taskColumns(sql, "c")} from devserver_claim(
        ${workerId}, ${options.leaseSeconds},
        ${JSON.stringify(statusChangedJson("queued", "running", `claimed by ${workerId}`))}::jsonb,
        ${`{${excluded.join(",")}}`}::int[], ${settingDefinitions.queuePaused.defaultValue}) c
      left join repos r on r.id = c.repo_id`.pipe(Effect.map(([row]) => (row === undefined ? Option.none() : Option.some(decodeTaskRow(row)))))

  const claim = Effect.fn("Queue.claim")(function*(workerId: string, options: ClaimOptions) {
    const excluded: Array<number> = []
    for (;;) {
      const result = yield* Effect.either(claimOnce(workerId, options, excluded))
      if (Either.isRight(result)) {
        if (Option.isSome(result.right)) yield* announce()
        return result.right
      }
      const error = result.left
      // DS001: the repo filled up between the pick and the lock (another claim won the race).
      if (!isSqlError(error) || sqlState(error) !== "DS001") return yield* error
      excluded.push(Number((error.cause as { detail?: string }).detail))
    }
  }, storeFailure("queue.claim"))

  /** Moves the task `key`; when nothing moved, says why (NotFound, or IllegalTransition from its status). */
  const moveByKey = (key: string, options: Omit<MoveOptions, "where">) =>
    Effect.gen(function*() {
      const [moved] = yield* move({ ...options, where: sql`key = ${key}` })
      if (moved !== undefined) return moved
      const [row] = yield* sql<{ status: TaskStatus }>`select status from tasks where key = ${key}`
      if (row === undefined) return yield* new NotFound({ entity: "task", id: key })
      return yield* Either.match(transition(key, row.status, options.to), {
        onLeft: (illegal) => Effect.fail(illegal),
        // Legal now but not when the statement ran: the status changed under us; try again.
        onRight: () => Effect.dieMessage(`task ${key} changed while moving it; retry`)
      })
    })

  /** Moves a task only while `workerId` holds it; `false` when it no longer does. */
  const moveHeld = (workerId: string, taskId: number, options: Omit<MoveOptions, "where" | "from">) =>
    Effect.gen(function*() {
      for (const from of active) yield* transition(String(taskId), from, options.to)
      const moved = yield* move({ ...options, from: active, where: sql`id = ${taskId} and lease_owner = ${workerId}` })
      // A freed slot may let another worker claim: wake workers too.
      if (moved.length > 0) yield* announce({ queue: true })
      return moved.length > 0
    })

  return Queue.of({
    claim,
    enqueue: Effect.fn("Queue.enqueue")(function*(key: string, options: EnqueueOptions = {}) {
      const moved = yield* moveByKey(key, { to: "queued", delay: options.delay, reason: options.reason })
      yield* announce()
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
      return yield* moveHeld(workerId, taskId, {
        to: outcome.status,
        reason: outcome.reason,
        delay: outcome.status === "queued" ? outcome.delay : undefined
      })
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
          where: sql`lease_expires_at < now()`,
          reason: "lease expired",
          keepPlace: true,
          skipLocked: true
        })
        return yield* Effect.forEach(moved, ({ previousOwner, task }) => {
          const fromWorker = previousOwner ?? "unknown"
          return Effect.as(events.append({ type: "task_recovered", fromWorker }, { taskId: task.id }), { taskKey: task.key, fromWorker })
        })
      }))
    }, storeFailure("queue.recover")),
    nextLeaseExpiry: () =>
      sql<{ ms: number | null }>`
        select (extract(epoch from min(lease_expires_at) - now()) * 1000)::float8 as ms
        from tasks where status in ${sql.in(active)}`.pipe(Effect.map(([row]) => row?.ms ?? null), storeFailure("queue.nextLeaseExpiry"))
  })
})

export const layer = Layer.scoped(Queue, make)
