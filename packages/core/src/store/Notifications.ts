/**
 * NOTIFY channels shared by every subscriber of a process. `PgClient.listen` runs all LISTENs on one
 * connection and a finished stream sends `UNLISTEN channel`, which silences the channel for every
 * other listener on that connection too (a closed browser tab would stop a worker's wake-ups). Here
 * each channel is LISTENed once, for the lifetime of the layer, and its payloads are fanned out.
 */
import { PgClient } from "@effect/sql-pg"
import { Context, Effect, Layer, PubSub, type Queue, Schedule, type Scope, Stream } from "effect"

export interface NotificationsService {
  /**
   * Subscribes now (payloads NOTIFYed from here on are queued for the caller) until the scope closes;
   * the first subscriber of a channel starts its LISTEN. Never fails.
   */
  readonly subscribe: (channel: string) => Effect.Effect<Queue.Dequeue<string>, never, Scope.Scope>
  /**
   * Payloads NOTIFYed on `channel` while the stream runs. The channel's LISTEN starts with its first
   * subscriber and is kept (and re-established after a lost connection) until the layer closes, so a
   * subscriber that ends never silences another. Never fails.
   */
  readonly listen: (channel: string) => Stream.Stream<string>
}

export class Notifications extends Context.Tag("@devserver/core/store/Notifications")<Notifications, NotificationsService>() {}

/** Re-LISTEN after a lost connection: 200 ms doubling, at most 10 s apart, forever. */
const again = Schedule.exponential("200 millis").pipe(Schedule.union(Schedule.spaced("10 seconds")))

export const make = Effect.gen(function*() {
  const pg = yield* PgClient.PgClient
  const scope = yield* Effect.scope
  const hubs = new Map<string, PubSub.PubSub<string>>()

  const hub = (channel: string) =>
    Effect.suspend(() => {
      const existing = hubs.get(channel)
      if (existing) return Effect.succeed(existing)
      // Created and registered synchronously: two first subscribers share one hub and one LISTEN.
      const created = Effect.runSync(PubSub.sliding<string>(1024))
      hubs.set(channel, created)
      return pg.listen(channel).pipe(
        Stream.runForEach((payload) => PubSub.publish(created, payload)),
        Effect.retry(again),
        Effect.ignore,
        Effect.forkIn(scope),
        Effect.as(created)
      )
    })

  const subscribe = (channel: string) => Effect.flatMap(hub(channel), PubSub.subscribe)
  return Notifications.of({ subscribe, listen: (channel) => Stream.unwrapScoped(Effect.map(subscribe(channel), Stream.fromQueue)) })
})

export const layer = Layer.scoped(Notifications, make)
