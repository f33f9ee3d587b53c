/**
 * Versioned, forward-only migrations, applied at start. The applied versions are recorded in
 * `effect_sql_migrations`; concurrent starters serialise on a table lock, so a second process waits
 * and then finds nothing left to do.
 */
import { Migrator } from "@effect/sql"
import { Effect } from "effect"
import { DatabaseError } from "./DatabaseError.js"
import initial from "./migrations/0001_initial.js"
import queue from "./migrations/0002_queue.js"
import queueSpeed from "./migrations/0003_queue_speed.js"
import claims from "./migrations/0004_claims.js"
import attemptLoop from "./migrations/0006_attempt_loop.js"
import auth from "./migrations/0008_auth.js"
import notify from "./migrations/0010_notify.js"
import llm from "./migrations/0011_llm.js"
import goalGraph from "./migrations/0012_goal_graph.js"
import context from "./migrations/0013_context.js"

export const loader = Migrator.fromRecord({
  "0001_initial": initial,
  "0002_queue": queue,
  "0003_queue_speed": queueSpeed,
  "0004_claims": claims,
  "0006_attempt_loop": attemptLoop,
  "0008_auth": auth,
  "0010_notify": notify,
  "0011_llm": llm,
  "0012_goal_graph": goalGraph,
  "0013_context": context
})

/**
 * Two processes starting on an empty database race to create the migrations table itself (before
 * the lock exists): the loser fails with "already exists" (42P07) or a catalog unique violation
 * (23505), and simply tries again, then waits on the lock like any later starter.
 */
const lostTableRace = (error: unknown): boolean => {
  const code = ((error as { cause?: { code?: unknown } }).cause)?.code
  return code === "42P07" || code === "23505"
}

/** Applies pending migrations; returns the ones applied now as `[id, name]`. */
export const run = Migrator.make({})({ loader }).pipe(
  Effect.retry({ times: 3, while: lostTableRace }),
  Effect.mapError((cause) => new DatabaseError({ reason: "MigrationFailed", detail: cause.message, cause }))
)
