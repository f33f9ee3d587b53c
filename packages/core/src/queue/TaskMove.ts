/**
 * The queue's status writes, each one SQL statement (one round trip; the queue's latency budget is a
 * few round trips). A move locks the rows it changes, moves only rows whose status may legally go to
 * the target (the from-set is computed from the status machine, `TaskStatus.canTransition`), writes
 * each row's `status_changed` event (payload encoded here with the event Schema, as `Events.append`
 * does). It does not NOTIFY: the caller announces after commit (Announcer).
 */
import type { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import { Duration, Effect, Schema } from "effect"
import { StatusChanged } from "../domain/PipelineEvent.js"
import { Task } from "../domain/Task.js"
import { canTransition, TaskStatus } from "../domain/TaskStatus.js"

/** Active statuses: the task holds a lease and a slot of its repo. */
export const active: ReadonlyArray<TaskStatus> = ["running", "verifying"]

/** Statuses (of `among`) from which `to` is a legal move. */
export const legalFrom = (to: TaskStatus, among: ReadonlyArray<TaskStatus> = TaskStatus.literals) =>
  among.filter((from) => canTransition(from, to))

// Encoding with the one member's Schema, not the 34-member union: a status write is a hot path.
const encodeStatusChanged = Schema.encodeSync(StatusChanged)

/** A `status_changed` payload as stored in `events.payload`. */
export const statusChangedJson = (from: TaskStatus, to: TaskStatus, reason?: string | undefined) =>
  encodeStatusChanged({ type: "status_changed", from, to, ...(reason ? { reason } : {}) })

export interface MoveOptions {
  /** Which rows (a SQL condition on `tasks`). */
  readonly where: Fragment
  /** Only rows in these statuses (default: every status that may legally move to `to`). */
  readonly from?: ReadonlyArray<TaskStatus> | undefined
  readonly to: TaskStatus
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
}

const decodeTask = Schema.decodeUnknownSync(Task)

/** The columns of a `Task` for rows of `source` (an alias of tasks-shaped rows). */
export const taskColumns = (sql: SqlClient.SqlClient, source: string) => sql`
  ${sql(source)}.*, r.name as repo,
  coalesce((select array_agg(d.key order by d.key) from task_dependencies td join tasks d on d.id = td.depends_on_id
            where td.task_id = ${sql(source)}.id), '{}') as depends_on`

export const decodeTaskRow = (row: unknown): Task => decodeTask(row)

export const makeMove = (sql: SqlClient.SqlClient) => (options: MoveOptions) => {
  const to = options.to
  const from = legalFrom(to, options.from)
  const holds = active.includes(to)
  const payloads = JSON.stringify(Object.fromEntries(from.map((f) => [f, statusChangedJson(f, to, options.reason)])))
  const delaySeconds = options.delay === undefined ? 0 : Duration.toSeconds(Duration.decode(options.delay))
  return sql<{ fromStatus: TaskStatus; previousOwner: string | null }>`
    with old as (
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
      returning t.*, old.status as from_status, old.lease_owner as previous_owner),
    ev as (
      insert into events (task_id, type, payload)
      select upd.id, 'status_changed', ${payloads}::jsonb -> upd.from_status from upd returning id)
    select ${taskColumns(sql, "upd")}, (select count(*) from ev) as events
    from upd left join repos r on r.id = upd.repo_id
    order by upd.id`.pipe(
    Effect.map((rows) => rows.map((row): Moved => ({ task: decodeTask(row), from: row.fromStatus, previousOwner: row.previousOwner })))
  )
}
