/**
 * The queue over PostgreSQL. A claim is one transaction: pick the first claimable row with
 * `FOR UPDATE SKIP LOCKED` (so concurrent claimers never wait on each other's rows), then, for a task
 * of a repo, take that repo's transaction-level advisory lock and count its active tasks again before
 * taking the slot. Two workers claiming two tasks of the same repo at once therefore serialise on the
 * repo lock, and the second sees the first's committed claim (READ COMMITTED takes a fresh snapshot per
 * statement). A transaction takes at most one repo lock, so claims cannot deadlock; a repo found full
 * is excluded and the claim retried in a new transaction.
 */
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Option } from "effect"
import { NotFound } from "../domain/Errors.js"
import { settingDefinitions } from "../domain/Setting.js"
import { Events } from "../store/Events.js"
import { Tasks } from "../store/Tasks.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { type ClaimOptions, type Outcome, Queue, type Recovered } from "./Queue.js"
import { active, makeMove, type TaskRow } from "./TaskMove.js"

/** Namespace of the per-repo advisory locks (`pg_advisory_xact_lock(REPO_LOCK, repo_id)`). */
const REPO_LOCK = 0x44530001

interface Candidate extends TaskRow {
  readonly repoId: number | null
  readonly slots: number
}

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const events = yield* Events
  const tasks = yield* Tasks
  const move = makeMove(sql, events)
  const activeCount = (repoId: number) =>
    sql<{ n: number }>`select count(*)::int as n from tasks where repo_id = ${repoId} and status in ${sql.in(active)}`.pipe(
      Effect.map(([row]) => row!.n)
    )

  const lockRow = (column: "id" | "key", value: number | string) =>
    sql<TaskRow>`select id, key, status, lease_owner from tasks where ${sql(column)} = ${value} for update`.pipe(
      Effect.map(([row]) => row)
    )

  // The paused flag is read inside the claim statement, so a pause is seen by the very next claim.
  const paused = sql`coalesce((select value = 'true'::jsonb from settings where key = 'queuePaused'), ${settingDefinitions.queuePaused.defaultValue})`

  const candidate = (excluded: ReadonlyArray<number>) =>
    sql<Candidate>`
      select t.id, t.key, t.status, t.lease_owner, t.repo_id,
        case when r.provider = 'local' then 1 else r.parallelism end as slots
      from tasks t left join repos r on r.id = t.repo_id
      where t.status = 'queued' and not ${paused}
        and (t.run_after is null or t.run_after <= now())
        and not exists (select 1 from task_dependencies td join tasks d on d.id = td.depends_on_id
                        where td.task_id = t.id and d.status not in ('review', 'done'))
        and (t.repo_id is null or (r.active
          ${excluded.length > 0 ? sql`and t.repo_id not in ${sql.in(excluded)}` : sql``}
          and (select count(*) from tasks a where a.repo_id = t.repo_id and a.status in ${sql.in(active)})
              < case when r.provider = 'local' then 1 else r.parallelism end))
      order by t.priority, t.enqueued_at, t.id
      limit 1
      for update of t skip locked`.pipe(Effect.map(([row]) => row))

  /** One claim attempt: the claimed key, a full repo to exclude, or nothing claimable. */
  const attempt = (workerId: string, options: ClaimOptions, excluded: ReadonlyArray<number>) =>
    sql.withTransaction(Effect.gen(function*() {
      const row = yield* candidate(excluded)
      if (row === undefined) return { _tag: "Empty" } as const
      if (row.repoId !== null) {
        yield* sql`select pg_advisory_xact_lock(${REPO_LOCK}, ${row.repoId})`
        if ((yield* activeCount(row.repoId)) >= row.slots) return { _tag: "RepoFull", repoId: row.repoId } as const
      }
      // queued → running is always legal: a refusal would be a defect of the status machine.
      yield* Effect.orDie(move(row, "running", { lease: { owner: workerId, seconds: options.leaseSeconds }, reason: `claimed by ${workerId}` }))
      return { _tag: "Claimed", key: row.key } as const
    }))

  const claim = Effect.fn("Queue.claim")(function*(workerId: string, options: ClaimOptions) {
    const excluded: Array<number> = []
    for (;;) {
      const result = yield* attempt(workerId, options, excluded)
      if (result._tag === "Empty") return Option.none()
      if (result._tag === "Claimed") return Option.some(yield* tasks.get(result.key).pipe(Effect.orDie))
      excluded.push(result.repoId)
    }
  }, storeFailure("queue.claim"))

  /** Runs `f` on a task row `workerId` still holds (active, its lease); `false` when it no longer does. */
  const whileHeld = <A, E, R>(workerId: string, taskId: number, f: (row: TaskRow) => Effect.Effect<A, E, R>) =>
    sql.withTransaction(Effect.gen(function*() {
      const row = yield* lockRow("id", taskId)
      if (row === undefined || row.leaseOwner !== workerId || !active.includes(row.status)) return false
      yield* f(row)
      return true
    }))

  const byKey = (key: string) =>
    lockRow("key", key).pipe(
      Effect.flatMap((row) => (row ? Effect.succeed(row) : Effect.fail(new NotFound({ entity: "task", id: key }))))
    )

  return Queue.of({
    claim,
    enqueue: Effect.fn("Queue.enqueue")(function*(key, options = {}) {
      yield* sql.withTransaction(Effect.flatMap(byKey(key), (row) => move(row, "queued", options)))
      return yield* tasks.get(key)
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
      return yield* whileHeld(workerId, taskId, (row) =>
        move(row, outcome.status, { reason: outcome.reason, delay: outcome.status === "queued" ? outcome.delay : undefined }))
    }, storeFailure("queue.complete")),
    release: Effect.fn("Queue.release")(function*(workerId, taskId) {
      return yield* whileHeld(workerId, taskId, (row) =>
        // queued is legal from both active statuses, so a failure here is a defect of the machine.
        Effect.orDie(move(row, "queued", { reason: `released by ${workerId}`, keepPlace: true })))
    }, storeFailure("queue.release")),
    cancel: Effect.fn("Queue.cancel")(function*(key, by) {
      yield* sql.withTransaction(Effect.gen(function*() {
        const row = yield* byKey(key)
        yield* move(row, "cancelled", { reason: `cancelled by ${by}` })
        yield* events.append({ type: "cancelled", by }, { taskId: row.id })
      }))
      return yield* tasks.get(key)
    }, storeFailure("queue.cancel")),
    recover: Effect.fn("Queue.recover")(function*() {
      return yield* sql.withTransaction(Effect.gen(function*() {
        const expired = yield* sql<TaskRow>`
          select id, key, status, lease_owner from tasks
          where status in ${sql.in(active)} and lease_expires_at < now()
          order by id for update skip locked`
        const recovered: Array<Recovered> = []
        for (const row of expired) {
          const fromWorker = row.leaseOwner ?? "unknown"
          yield* Effect.orDie(move(row, "queued", { reason: `lease of ${fromWorker} expired`, keepPlace: true }))
          yield* events.append({ type: "task_recovered", fromWorker }, { taskId: row.id })
          recovered.push({ taskKey: row.key, fromWorker })
        }
        return recovered
      }))
    }, storeFailure("queue.recover"))
  })
})

export const layer = Layer.effect(Queue, make)
