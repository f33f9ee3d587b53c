/**
 * Throttling for chatty event producers (a build log, an agent's stream). Offers are buffered in
 * memory and handed to a sink at most once per `window`; consecutive `log_line`s of one stream and
 * consecutive `agent_message`s are joined into one event (up to `maxChars`). Closing the scope (or
 * `flush`) delivers what is still buffered; a failed delivery keeps the batch for the next one.
 * `make` writes to the event log in one transaction per batch; `makeWith` takes any sink.
 */
import { SqlClient } from "@effect/sql"
import { Duration, Effect, Exit, Ref, type Scope } from "effect"
import type { StoreError } from "../domain/Errors.js"
import type { EventPayload } from "../domain/PipelineEvent.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { type EventRef, Events } from "../store/Events.js"

export interface ThrottleOptions {
  /** Longest time an event waits in the buffer (default 250 ms). */
  readonly window?: Duration.DurationInput | undefined
  /** Largest joined text (default 16,000 characters). */
  readonly maxChars?: number | undefined
  /**
   * Cap on events per batch: the rest are replaced by one `log_line` counting them (for a source
   * whose full output is kept elsewhere, like an agent's run log). Default: no cap.
   */
  readonly maxPerBatch?: number | undefined
  /** Cut single texts longer than this (default: never). */
  readonly maxText?: number | undefined
}

export interface EventThrottle<E = StoreError> {
  /** Buffers an event; it is delivered within one window. */
  readonly offer: (payload: EventPayload) => Effect.Effect<void>
  /** Delivers the buffer now. */
  readonly flush: Effect.Effect<void, E>
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

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

/** Coalesces a batch, then applies the optional text cut and per-batch cap. */
export const shape = (events: ReadonlyArray<EventPayload>, options: ThrottleOptions = {}): Array<EventPayload> => {
  const { maxPerBatch, maxText } = options
  const joined = coalesce(events, options.maxChars ?? 16_000).map((e): EventPayload =>
    maxText === undefined ? e
    : e.type === "agent_message" ? { ...e, text: cut(e.text, maxText) }
    : e.type === "log_line" ? { ...e, line: cut(e.line, maxText) }
    : e)
  if (maxPerBatch === undefined || joined.length <= maxPerBatch) return joined
  const kept = joined.slice(0, maxPerBatch - 1)
  kept.push({ type: "log_line", stream: "system", line: `${joined.length - kept.length} more events not shown here (see the run log)` })
  return kept
}

/** A throttle delivering shaped batches to `sink` for the current scope. */
export const makeWith = <E>(
  sink: (batch: ReadonlyArray<EventPayload>) => Effect.Effect<void, E>,
  options: ThrottleOptions = {}
): Effect.Effect<EventThrottle<E>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const buffer = yield* Ref.make<ReadonlyArray<EventPayload>>([])
    // One delivery at a time: a final flush must not find the buffer empty while the batch it should
    // deliver is still being written by the background fiber (and then lost when the scope closes).
    const delivering = yield* Effect.makeSemaphore(1)
    const flush = delivering.withPermits(1)(Effect.gen(function*() {
      const pending = yield* Ref.getAndSet(buffer, [])
      if (pending.length === 0) return
      yield* sink(shape(pending, options)).pipe(
        // The batch is put back in front of newer events, so a failed or interrupted delivery loses nothing.
        Effect.onExit((exit) => Exit.isSuccess(exit) ? Effect.void : Ref.update(buffer, (newer) => [...pending, ...newer]))
      )
    }))
    const window = Duration.decode(options.window ?? "250 millis")
    yield* Effect.forkScoped(Effect.forever(Effect.sleep(window).pipe(Effect.zipRight(Effect.ignoreLogged(flush)))))
    yield* Effect.addFinalizer(() => Effect.ignoreLogged(flush))
    return { offer: (payload) => Ref.update(buffer, (b) => [...b, payload]), flush }
  })

/** A throttle writing events of `ref` (a task, a run) to the event log, one transaction per batch. */
export const make = (ref: EventRef, options: ThrottleOptions = {}): Effect.Effect<EventThrottle, never, Scope.Scope | Events | SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const events = yield* Events
    const sql = yield* SqlClient.SqlClient
    return yield* makeWith(
      (batch) => sql.withTransaction(Effect.forEach(batch, (payload) => events.append(payload, ref), { discard: true })).pipe(storeFailure("events.throttle")),
      options
    )
  })
