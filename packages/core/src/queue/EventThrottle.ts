/**
 * Throttling for chatty event producers (a build log, an agent's stream). Offers are buffered in
 * memory and written at most once per `window`, in one transaction; consecutive `log_line`s of one
 * stream and consecutive `agent_message`s are joined into one event (up to `maxChars`). Nothing is
 * dropped: closing the scope writes what is still buffered.
 */
import { SqlClient } from "@effect/sql"
import { Duration, Effect, Ref, type Scope } from "effect"
import type { StoreError } from "../domain/Errors.js"
import type { EventPayload } from "../domain/PipelineEvent.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { type EventRef, Events } from "../store/Events.js"

export interface ThrottleOptions {
  /** Longest time an event waits in the buffer (default 250 ms). */
  readonly window?: Duration.DurationInput | undefined
  /** Largest joined text (default 16,000 characters). */
  readonly maxChars?: number | undefined
}

export interface EventThrottle {
  /** Buffers an event; it is written within one window. */
  readonly offer: (payload: EventPayload) => Effect.Effect<void>
  /** Writes the buffer now. */
  readonly flush: Effect.Effect<void, StoreError>
}

/** Joins consecutive log lines of one stream, and consecutive agent messages, up to `maxChars`. */
export const coalesce = (events: ReadonlyArray<EventPayload>, maxChars: number): Array<EventPayload> =>
  events.reduce<Array<EventPayload>>((out, event) => {
    const last = out.at(-1)
    if (event.type === "log_line" && last?.type === "log_line" && last.stream === event.stream && last.line.length + event.line.length < maxChars) {
      out[out.length - 1] = { ...last, line: `${last.line}\n${event.line}` }
    } else if (event.type === "agent_message" && last?.type === "agent_message" && last.text.length + event.text.length < maxChars) {
      out[out.length - 1] = { ...last, text: `${last.text}\n${event.text}` }
    } else out.push(event)
    return out
  }, [])

/** A throttle writing events of `ref` (a task, a run) for the current scope. */
export const make = (ref: EventRef, options: ThrottleOptions = {}): Effect.Effect<EventThrottle, never, Scope.Scope | Events | SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const events = yield* Events
    const sql = yield* SqlClient.SqlClient
    const buffer = yield* Ref.make<ReadonlyArray<EventPayload>>([])
    const maxChars = options.maxChars ?? 16_000
    const flush = Effect.gen(function*() {
      const pending = yield* Ref.getAndSet(buffer, [])
      if (pending.length === 0) return
      yield* sql.withTransaction(Effect.forEach(coalesce(pending, maxChars), (payload) => events.append(payload, ref), { discard: true })).pipe(
        storeFailure("events.throttle"),
        // The buffer is put back in front of newer events, so a failed write loses nothing.
        Effect.tapError(() => Ref.update(buffer, (newer) => [...pending, ...newer]))
      )
    })
    const window = Duration.decode(options.window ?? "250 millis")
    yield* Effect.forkScoped(Effect.forever(Effect.sleep(window).pipe(Effect.zipRight(Effect.ignoreLogged(flush)))))
    yield* Effect.addFinalizer(() => Effect.ignoreLogged(flush))
    return { offer: (payload) => Ref.update(buffer, (b) => [...b, payload]), flush }
  })
