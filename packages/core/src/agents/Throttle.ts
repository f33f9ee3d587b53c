/**
 * Throttles an agent's live events so a chatty agent cannot flood the database: events are taken in
 * batches at most every `intervalMs`, consecutive messages are merged, long texts are cut, and a batch
 * keeps at most `maxPerBatch` events (the rest are counted in one `log_line`; the run log has them all).
 */
import { Effect, Fiber, Queue, type Scope } from "effect"
import type { AgentEvent } from "./AgentBackend.js"

export interface ThrottleOptions {
  readonly intervalMs?: number
  readonly maxPerBatch?: number
  readonly maxText?: number
}

export interface Throttled {
  readonly offer: (event: AgentEvent) => Effect.Effect<void>
  /** Delivers what is still queued and stops; later offers are dropped. */
  readonly close: Effect.Effect<void>
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** Merges consecutive agent messages and applies the per-batch cap. */
export const batch = (events: ReadonlyArray<AgentEvent>, maxPerBatch: number, maxText: number): Array<AgentEvent> => {
  const merged: Array<AgentEvent> = []
  for (const event of events) {
    const last = merged[merged.length - 1]
    if (event.type === "agent_message" && last?.type === "agent_message") {
      merged[merged.length - 1] = { type: "agent_message", text: `${last.text}\n${event.text}` }
    } else merged.push(event)
  }
  const cutText = merged.map((e): AgentEvent => (e.type === "agent_message" ? { ...e, text: cut(e.text, maxText) } : e))
  if (cutText.length <= maxPerBatch) return cutText
  const kept = cutText.slice(0, maxPerBatch - 1)
  kept.push({ type: "log_line", stream: "system", line: `${cutText.length - kept.length} more agent events not shown here (see the run log)` })
  return kept
}

export const make = (
  sink: (event: AgentEvent) => Effect.Effect<void>,
  options: ThrottleOptions = {}
): Effect.Effect<Throttled, never, Scope.Scope> =>
  Effect.gen(function*() {
    const intervalMs = options.intervalMs ?? 250
    const maxPerBatch = options.maxPerBatch ?? 20
    const maxText = options.maxText ?? 4000
    const queue = yield* Queue.unbounded<AgentEvent | null>()
    const deliver = (events: ReadonlyArray<AgentEvent>) => Effect.forEach(batch(events, maxPerBatch, maxText), sink, { discard: true })
    const loop = Effect.gen(function*() {
      for (;;) {
        const taken = yield* Queue.takeBetween(queue, 1, Number.MAX_SAFE_INTEGER)
        const items = Array.from(taken)
        const end = items.indexOf(null)
        yield* deliver((end === -1 ? items : items.slice(0, end)) as Array<AgentEvent>)
        if (end !== -1) return
        yield* Effect.sleep(intervalMs)
      }
    })
    const fiber = yield* Effect.forkScoped(loop)
    let closed = false
    return {
      offer: (event) => (closed ? Effect.void : Queue.offer(queue, event).pipe(Effect.asVoid)),
      close: Effect.suspend(() => {
        closed = true
        return Queue.offer(queue, null).pipe(Effect.zipRight(Fiber.join(fiber)))
      })
    }
  })
