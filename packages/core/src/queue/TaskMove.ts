/**
 * The queue's one way to write a status: validate the move with the status machine, write the row's
 * status and lease fields, and append `status_changed`, all in the caller's transaction.
 */
import type { SqlClient } from "@effect/sql"
import { Duration, Effect, Either } from "effect"
import { type TaskStatus, transition } from "../domain/TaskStatus.js"
import type { EventsService } from "../store/Events.js"

/** The locked row being moved. */
export interface TaskRow {
  readonly id: number
  readonly key: string
  readonly status: TaskStatus
  readonly leaseOwner: string | null
}

export interface MoveOptions {
  readonly reason?: string | undefined
  /** Take (or keep) the lease for this worker. */
  readonly lease?: { readonly owner: string; readonly seconds: number } | undefined
  /** When moving to `queued`: not claimable before this delay has passed. */
  readonly delay?: Duration.DurationInput | undefined
  /** When moving to `queued`: keep the old enqueue time, so the task keeps its place in line. */
  readonly keepPlace?: boolean | undefined
}

/** Active statuses: the task holds a lease and a slot of its repo. */
export const active: ReadonlyArray<TaskStatus> = ["running", "verifying"]

export const makeMove = (sql: SqlClient.SqlClient, events: EventsService) =>
  Effect.fnUntraced(function*(row: TaskRow, to: TaskStatus, options: MoveOptions = {}) {
    const checked = transition(row.key, row.status, to)
    if (Either.isLeft(checked)) return yield* checked.left
    const holds = active.includes(to)
    const delaySeconds = options.delay === undefined ? 0 : Duration.toSeconds(Duration.decode(options.delay))
    yield* sql`
      update tasks set status = ${to}, updated_at = now(),
        blocked_reason = ${to === "blocked" ? options.reason ?? null : null},
        cancel_requested = ${to === "cancelled"},
        lease_owner = ${holds ? options.lease?.owner ?? row.leaseOwner : null},
        lease_expires_at = ${holds && options.lease ? sql`now() + make_interval(secs => ${options.lease.seconds})` : holds ? sql`lease_expires_at` : null},
        heartbeat_at = ${holds && options.lease ? sql`now()` : holds ? sql`heartbeat_at` : null},
        run_after = ${to === "queued" && delaySeconds > 0 ? sql`now() + make_interval(secs => ${delaySeconds})` : null},
        enqueued_at = ${to !== "queued" ? sql`enqueued_at` : options.keepPlace ? sql`coalesce(enqueued_at, now())` : sql`now()`}
      where id = ${row.id}`
    yield* events.append(
      { type: "status_changed", from: row.status, to, ...(options.reason ? { reason: options.reason } : {}) },
      { taskId: row.id }
    )
  })
