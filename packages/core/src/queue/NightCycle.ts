/**
 * The night cycle: inside the `nightWindow` setting's window, pending tasks are drained
 * into the queue (those labelled `night`, or all of them with `nightScope = all`) and each failed task
 * is retried once (a task re-enqueued by an earlier night is not retried again).
 */
import { SqlClient } from "@effect/sql"
import { Clock, DateTime, Effect, Layer } from "effect"
import type { StoreError } from "../domain/Errors.js"
import type { NightWindow } from "../domain/Setting.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Settings } from "../store/Settings.js"
import { Queue } from "./Queue.js"

/** The label that marks a task for the night. */
export const NIGHT_LABEL = "night"
/** The reason written with a night-cycle retry (how a second retry is recognised and refused). */
export const RETRY_REASON = "night cycle retry"

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Whether `at` is inside `window` in its time zone: start inclusive, end exclusive, wrapping past midnight. */
export const isInside = (window: typeof NightWindow.Type, at: Date): boolean => {
  const local = DateTime.unsafeMakeZoned(at, { timeZone: window.timezone })
  const now = DateTime.getPart(local, "hours") * 60 + DateTime.getPart(local, "minutes")
  const start = minutesOf(window.start)
  const end = minutesOf(window.end)
  return start <= end ? now >= start && now < end : now >= start || now < end
}

/** When inside the window, enqueues the night's work; returns the keys enqueued (none outside it). */
export const tick: Effect.Effect<ReadonlyArray<string>, StoreError, Settings | Queue | SqlClient.SqlClient> = Effect.gen(function*() {
  const settings = yield* Settings
  const window = yield* settings.get("nightWindow")
  if (window === null || !isInside(window, new Date(yield* Clock.currentTimeMillis))) return []
  const sql = yield* SqlClient.SqlClient
  const queue = yield* Queue
  const all = (yield* settings.get("nightScope")) === "all"
  const pending = yield* sql<{ key: string }>`
    select key from tasks where status = 'pending' and not archived
    ${all ? sql`` : sql`and ${NIGHT_LABEL} = any(labels)`} order by priority, id`
  const failed = yield* sql<{ key: string }>`
    select key from tasks t where status = 'failed' and not archived and not exists (
      select 1 from events e where e.task_id = t.id and e.type = 'status_changed' and e.payload->>'reason' = ${RETRY_REASON})
    order by priority, id`
  const enqueue = (key: string, reason: string) =>
    queue.enqueue(key, { reason }).pipe(Effect.as([key]), Effect.catchTags({ NotFound: () => Effect.succeed([]), IllegalTransition: () => Effect.succeed([]) }))
  const drained = yield* Effect.forEach(pending, (t) => enqueue(t.key, "night cycle"))
  const retried = yield* Effect.forEach(failed, (t) => enqueue(t.key, RETRY_REASON))
  return [...drained, ...retried].flat()
}).pipe(storeFailure("nightCycle.tick"), Effect.withSpan("NightCycle.tick"))

/** Ticks every minute for the layer's lifetime. */
export const layer = Layer.scopedDiscard(Effect.forkScoped(Effect.forever(
  tick.pipe(
    Effect.tap((keys) => (keys.length > 0 ? Effect.logInfo(`night cycle enqueued ${keys.join(", ")}`) : Effect.void)),
    Effect.tapErrorCause((cause) => Effect.logWarning("night cycle failed", cause)),
    Effect.ignore,
    Effect.zipRight(Effect.sleep("1 minute"))
  )
)))
