/**
 * NOTIFY after commit, coalesced. PostgreSQL serialises the commits of transactions that NOTIFY (a
 * global lock held through the WAL flush), so the queue's hot writes (claim, complete) commit without
 * one and announce afterwards in their own tiny transaction. A NOTIFY is only a wake-up — listeners
 * read the rows — so announcements made while one is in flight collapse into one more, and an
 * announcement for event subscribers only waits `EVENTS_WINDOW` for others to join it (a worker at
 * full speed makes one every millisecond or two; the live feed's budget is well under 100 ms). Worker
 * wake-ups (`queue`) go at once.
 */
import type { SqlClient } from "@effect/sql"
import { Effect, type Scope } from "effect"

/** How long an events-only announcement waits for others to coalesce with. */
export const EVENTS_WINDOW = "3 millis"
import { CHANNEL } from "../store/Events.js"
import { QUEUE_CHANNEL } from "./Queue.js"

export interface Announcer {
  /** Wakes event subscribers (payload: the latest event id) and, with `queue`, workers; never fails. */
  readonly announce: (options?: { readonly queue?: boolean }) => Effect.Effect<void>
}

export const make = (sql: SqlClient.SqlClient): Effect.Effect<Announcer, never, Scope.Scope> =>
  Effect.gen(function*() {
    const scope = yield* Effect.scope
    let running = false
    let again = false
    let queueWanted = false
    const send = Effect.suspend(() => {
      const wakeQueue = queueWanted
      queueWanted = false
      return sql`select pg_notify(${CHANNEL}, coalesce((select max(id) from events), 0)::text)
        ${wakeQueue ? sql`, pg_notify(${QUEUE_CHANNEL}, 'task')` : sql``}`
    }).pipe(Effect.tapErrorCause((cause) => Effect.logWarning("announcing failed; listeners will poll", cause)), Effect.ignore)
    const loop: Effect.Effect<void> = Effect.suspend(() => {
      again = false
      return Effect.zipRight(send, Effect.suspend(() => (again ? loop : Effect.sync(() => (running = false)))))
    })
    return {
      announce: (options = {}) =>
        Effect.suspend(() => {
          if (options.queue) queueWanted = true
          if (running) {
            again = true
            return Effect.void
          }
          running = true
          return Effect.asVoid(Effect.forkIn(options.queue ? loop : Effect.zipRight(Effect.sleep(EVENTS_WINDOW), loop), scope))
        })
    }
  })
