/**
 * The one status write path. Every status change of a task — `Tasks.transition`, the queue's enqueue,
 * claim, completion, release, cancel and recovery — is one SQL statement built here. The claim's one
 * move, queued → running, runs inside `devserver_claim_many` (migration 0003: choosing the row needs
 * the repo lock between pick and move), called through `makeClaimCall`. A move locks the rows it changes,
 * moves only rows whose status may legally go to the target (the from-set comes from the status
 * machine, `TaskStatus.canTransition`), and writes each row's `status_changed` event in the same
 * statement. A refused move changes nothing: `moveByKey` then answers with the machine's typed
 * `IllegalTransition`. Moves do not NOTIFY; callers announce after commit.
 */
import type { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import { Duration, Effect, Either, Schema } from "effect"
import { NotFound } from "../domain/Errors.js"
import { StatusChanged } from "../domain/PipelineEvent.js"
import { Task } from "../domain/Task.js"
import { canTransition, TaskStatus, transition } from "../domain/TaskStatus.js"

/** Channel on which task and setting changes wake workers (payload: what changed, never data). */
export const QUEUE_CHANNEL = "devserver_queue"

/** Active statuses: the task holds a lease and a slot of its repo. */
export const active: ReadonlyArray<TaskStatus> = ["running", "verifying"]

/** Statuses (of `among`) from which `to` is a legal move. */
export const legalFrom = (to: TaskStatus, among: ReadonlyArray<TaskStatus> = TaskStatus.literals) =>
  among.filter((from) => canTransition(from, to))

// Encoding with the one member's Schema, not the 34-member union: a status write is a hot path.
const encodeStatusChanged = Schema.encodeSync(StatusChanged)

/** A `status_changed` payload as stored in `events.payload`. */
export const statusChangedJson = (from: TaskStatus | null, to: TaskStatus, reason?: string | undefined) =>
  encodeStatusChanged({ type: "status_changed", from, to, ...(reason ? { reason } : {}) })

export interface MoveOptions {
  /** Which rows (a SQL condition on `tasks`). */
  readonly where: Fragment
  /** Only rows in these statuses (default: every status that may legally move to `to`). */
  readonly from?: ReadonlyArray<TaskStatus> | undefined
  readonly to: TaskStatus
  /** Shown with the change; stored as the blocked reason when moving to `blocked`. */
  readonly reason?: string | undefined
  /** When moving to `queued`: not claimable before this delay has passed. */
  readonly delay?: Duration.DurationInput | undefined
  /** When moving to `queued`: keep the old enqueue time, so the task keeps its place in line. */
  readonly keepPlace?: boolean | undefined
  /** Skip rows locked by someone else instead of waiting (the reaper). */
  readonly skipLocked?: boolean | undefined
}

/** A moved task, with the status and lease owner it had before. */
export interface Moved {
  readonly task: Task
  readonly from: TaskStatus
  readonly previousOwner: string | null
  /** The move freed something another task may wait for (a repo slot, a dependency): wake workers. */
  readonly wakes: boolean
}

const decodeTask = Schema.decodeUnknownSync(Task)

/** The columns of a `Task` for rows of `source` (an alias of tasks-shaped rows). */
export const taskColumns = (sql: SqlClient.SqlClient, source: string) => sql`
  ${sql(source)}.*, r.name as repo,
  coalesce((select array_agg(d.key order by d.key) from task_dependencies td join tasks d on d.id = td.depends_on_id
            where td.task_id = ${sql(source)}.id), '{}') as depends_on`

export const decodeTaskRow = (row: unknown): Task => decodeTask(row)

/**
 * The common table expressions `old`, `upd` (the moved rows, with `from_status`, `previous_owner` and
 * `wakes`) and `ev` (their events) of a move, for statements that add to it (the queue completes a
 * task and claims the next in one statement).
 */
export const moveCtes = (sql: SqlClient.SqlClient, options: MoveOptions) => {
  const to = options.to
  const from = legalFrom(to, options.from)
  const holds = active.includes(to)
  const payloads = JSON.stringify(Object.fromEntries(from.map((f) => [f, statusChangedJson(f, to, options.reason)])))
  const delaySeconds = options.delay === undefined ? 0 : Duration.toSeconds(Duration.decode(options.delay))
  return sql`
    old as (
      select id, status, lease_owner from tasks where ${options.where} and status in ${sql.in(from)}
      for update ${options.skipLocked ? sql`skip locked` : sql``}),
    upd as (
      update tasks t set status = ${to}, updated_at = now(),
        blocked_reason = ${to === "blocked" ? options.reason ?? null : null},
        cancel_requested = ${to === "cancelled"},
        lease_owner = ${holds ? sql`t.lease_owner` : null},
        lease_expires_at = ${holds ? sql`t.lease_expires_at` : null},
        heartbeat_at = ${holds ? sql`t.heartbeat_at` : null},
        run_after = ${to === "queued" && delaySeconds > 0 ? sql`now() + make_interval(secs => ${delaySeconds})` : null},
        enqueued_at = ${to !== "queued" ? sql`t.enqueued_at` : options.keepPlace ? sql`coalesce(t.enqueued_at, now())` : sql`now()`}
      from old where t.id = old.id
      returning t.*, old.status as from_status, old.lease_owner as previous_owner,
        old.status in ${sql.in(active)} and not ${holds} and (t.repo_id is not null
          or exists (select 1 from task_dependencies td where td.depends_on_id = t.id)) as wakes),
    ev as (
      insert into events (task_id, type, payload)
      select upd.id, 'status_changed', ${payloads}::jsonb -> upd.from_status from upd returning id)`
}

interface MovedRow {
  readonly fromStatus: TaskStatus
  readonly previousOwner: string | null
  readonly wakes: boolean
}

/** Decodes the rows of a move's `upd` selected with `taskColumns(sql, "upd")`. */
export const decodeMoved = (row: MovedRow): Moved => ({
  task: decodeTask(row),
  from: row.fromStatus,
  previousOwner: row.previousOwner,
  wakes: row.wakes
})

/** One move as one statement (prepared: see store/Database.ts); the moved rows in id order. */
export const makeMove = (sql: SqlClient.SqlClient) => (options: MoveOptions) =>
  sql<MovedRow>`/* prepare */
    with ${moveCtes(sql, options)}
    select ${taskColumns(sql, "upd")}, upd.from_status, upd.previous_owner, upd.wakes, (select count(*) from ev) as events
    from upd left join repos r on r.id = upd.repo_id
    order by upd.id`.pipe(Effect.map((rows) => rows.map(decodeMoved)))

/**
 * The claim, `devserver_claim_many` (migration 0003), as a set-returning call of tasks rows: up to `limit`
 * claimable tasks move queued → running, leased to `workerId`, each with its `status_changed` event.
 * The queue's layer refuses to build if the status machine forbids that move (the function makes no other).
 */
export const makeClaimCall = (sql: SqlClient.SqlClient, workerId: string, leaseSeconds: number, limit: number, pausedDefault: boolean) =>
  sql`devserver_claim_many(${workerId}, ${leaseSeconds}, ${limit},
    ${JSON.stringify(statusChangedJson("queued", "running", `claimed by ${workerId}`))}::jsonb, ${pausedDefault})`

/**
 * Moves the task `key`; when nothing moved, says why: NotFound, or the status machine's
 * IllegalTransition from the status it has. Nothing is changed in either case.
 */
export const makeMoveByKey = (sql: SqlClient.SqlClient) => {
  const move = makeMove(sql)
  return (key: string, options: Omit<MoveOptions, "where">) =>
    Effect.gen(function*() {
      for (let attempt = 0; ; attempt++) {
        const [moved] = yield* move({ ...options, where: sql`key = ${key}` })
        if (moved !== undefined) return moved
        const [row] = yield* sql<{ status: TaskStatus }>`select status from tasks where key = ${key}`
        if (row === undefined) return yield* new NotFound({ entity: "task", id: key })
        const checked = transition(key, row.status, options.to)
        if (Either.isLeft(checked)) return yield* checked.left
        // Legal now but not when the move ran: another writer changed the status in between; again.
        if (attempt >= 3) return yield* Effect.dieMessage(`task ${key} kept changing while moving it`)
      }
    })
}
