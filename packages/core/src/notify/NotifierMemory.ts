/**
 * An in-memory notifier that records what it was sent: for tests and scripts that want to see the
 * notifications without a channel. `failNext` makes the next sends fail, to exercise retries.
 */
import { Effect, Layer, Ref } from "effect"
import type { Notification } from "./Notification.js"
import { Notifier, NotifyError, type NotifierService } from "./Notifier.js"

export interface NotifierMemory extends NotifierService {
  /** Everything delivered so far, in order. */
  readonly sent: Effect.Effect<ReadonlyArray<Notification>>
  /** The next `count` sends fail with `reason` (and deliver nothing). */
  readonly failNext: (count: number, reason: NotifyError["reason"], retryAfterMs?: number) => Effect.Effect<void>
}

export const make = (name = "memory"): Effect.Effect<NotifierMemory> =>
  Effect.gen(function*() {
    const sent = yield* Ref.make<ReadonlyArray<Notification>>([])
    const failures = yield* Ref.make<{ count: number; reason: NotifyError["reason"]; retryAfterMs?: number }>({ count: 0, reason: "Unavailable" })
    const send = (notification: Notification) =>
      Ref.modify(failures, (f) => [f, f.count > 0 ? { ...f, count: f.count - 1 } : f]).pipe(
        Effect.flatMap((f) =>
          f.count > 0
            ? Effect.fail(new NotifyError({ notifier: name, reason: f.reason, detail: "scripted failure", ...(f.retryAfterMs === undefined ? {} : { retryAfterMs: f.retryAfterMs }) }))
            : Ref.update(sent, (all) => [...all, notification])
        )
      )
    return {
      name,
      send,
      sent: Ref.get(sent),
      failNext: (count, reason, retryAfterMs) => Ref.set(failures, { count, reason, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })
    }
  })

/** The memory notifier as the `Notifier` service. */
export const layer = (name?: string) => Layer.effect(Notifier, make(name))
