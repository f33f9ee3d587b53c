/**
 * Runs the schedules: fires what is due, sleeps until the next fire (at most a minute, so schedules
 * added by other processes are seen), repeats. Started late, it fires each missed schedule once
 * (the catch-up). Any number of processes may run it; each fire still happens once (Schedules).
 */
import { Clock, Effect, Layer } from "effect"
import { Schedules } from "./Schedules.js"

/** Longest sleep between two looks at the schedules table. */
export const MAX_SLEEP_MS = 60_000

export const run: Effect.Effect<never, never, Schedules> = Effect.gen(function*() {
  const schedules = yield* Schedules
  const step = Effect.gen(function*() {
    const fired = yield* schedules.fireDue()
    for (const f of fired) {
      yield* Effect.logInfo(`schedule ${f.scheduleId}: ${f.skipped === null ? `fired ${f.taskKey}` : `skipped (${f.skipped})`}${f.catchUp ? " (catch-up)" : ""}`)
    }
    const next = yield* schedules.nextDue()
    const now = yield* Clock.currentTimeMillis
    return next === null ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(0, next.getTime() - now))
  }).pipe(
    Effect.tapErrorCause((cause) => Effect.logWarning("scheduler failed; trying again in 10 s", cause)),
    Effect.orElseSucceed(() => 10_000)
  )
  return yield* Effect.forever(Effect.flatMap(step, (ms) => Effect.sleep(ms)))
})

/** Runs the scheduler for the layer's lifetime. */
export const layer = Layer.scopedDiscard(Effect.forkScoped(run))
