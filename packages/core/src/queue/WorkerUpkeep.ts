/**
 * A worker's duties besides running tasks: its presence, renewing its leases, reaping the tasks of dead
 * workers, the safety-net poll, and hearing NOTIFYs. Each loop logs its failures and goes on: a worker
 * never dies of an infrastructure failure.
 */
import { Duration, Effect, Schedule, type Scope, Stream } from "effect"
import type { NotificationsService } from "../store/Notifications.js"
import type * as Leases from "./Leases.js"
import type { ClaimRef, QueueService } from "./Queue.js"

/** Backoff after an infrastructure failure: 200 ms doubling, at most 10 s apart, forever. */
export const retryPolicy = Schedule.exponential("200 millis").pipe(Schedule.union(Schedule.spaced("10 seconds")))

/** `effect` with its failures logged as `worker <what> failed`. */
export const logged = <A, E>(what: string, effect: Effect.Effect<A, E>) =>
  effect.pipe(Effect.tapErrorCause((cause) => Effect.logWarning(`worker ${what} failed`, cause)))

/** Runs `effect` forever, `interval()` apart, for the lifetime of the scope. */
export const every = <A, E>(what: string, effect: Effect.Effect<A, E>, interval: () => Duration.Duration) =>
  Effect.forever(logged(what, effect).pipe(Effect.ignore, Effect.zipRight(Effect.suspend(() => Effect.sleep(interval()))))).pipe(
    Effect.forkScoped
  )

/**
 * Calls `onMessage` with each payload NOTIFYed on `channel`, for the lifetime of the scope. Subscribed
 * before this returns; the shared LISTEN outlives this worker, so stopping it silences no other listener.
 */
export const listen = (notifications: NotificationsService, channel: string, onMessage: (payload: string) => Effect.Effect<unknown>) =>
  Effect.gen(function*() {
    const payloads = yield* notifications.subscribe(channel)
    yield* Stream.fromQueue(payloads).pipe(Stream.runForEach((payload) => logged(`on ${channel}`, onMessage(payload)).pipe(Effect.ignore)), Effect.forkScoped)
  })

/**
 * Presence: while the worker's process lives, its tasks are its own; when it dies, the reapers of the
 * other workers return them at once. Without it (the database refused three times), leases still apply.
 */
export const register = (queue: QueueService, workerId: string) =>
  queue.register(workerId).pipe(
    Effect.tapErrorCause((cause) => Effect.logWarning("worker register failed", cause)),
    Effect.retry({ schedule: retryPolicy, times: 3 }),
    Effect.ignore
  )

export interface HeartbeatOptions {
  readonly queue: QueueService
  readonly workerId: string
  readonly leases: ReturnType<typeof Leases.make>
  /** The current `leaseSeconds` (after re-reading the settings if they changed). */
  readonly leaseSeconds: Effect.Effect<number>
  /** Stops the task of a claim this worker no longer holds. */
  readonly stop: (claim: ClaimRef, why: string) => Effect.Effect<unknown>
}

/**
 * Renews every lease once any is due, for the current `leaseSeconds`; stops the claims it lost. Checks
 * at least every second (a new claim is renewed in time), sooner when a renewal is due.
 */
export const heartbeat = (options: HeartbeatOptions): Effect.Effect<unknown, never, Scope.Scope> => {
  const { leases, queue } = options
  const renew = Effect.gen(function*() {
    const held = leases.due(Date.now())
    if (held.length === 0) return
    const seconds = yield* options.leaseSeconds
    const sentAt = Date.now()
    const lost = yield* queue.heartbeat(options.workerId, held, { leaseSeconds: seconds })
    leases.renewed(held, lost, seconds, sentAt)
    for (const claim of lost) yield* options.stop(claim, "lease lost or task moved by someone else")
  })
  return every("heartbeat", renew, () => Duration.millis(leases.untilNextRenewal(Date.now())))
}

/**
 * Returns the tasks of dead workers (expired leases; at once for registered workers whose process
 * died) and blocks queued tasks whose dependency was cancelled or failed. Sleeps until the earliest
 * lease expires (at most a second), so a dead worker's task is back in the queue right when its lease
 * ends, not up to an interval later.
 */
export const reaper = (queue: QueueService): Effect.Effect<unknown, never, Scope.Scope> => {
  let waitMs = 1000
  const reap = queue.recover().pipe(
    Effect.tap((recovered) => Effect.forEach(recovered, (r) => Effect.logWarning(`recovered ${r.taskKey} from ${r.fromWorker} (${r.cause})`))),
    Effect.zipRight(queue.blockOrphans()),
    Effect.tap((blocked) => Effect.forEach(blocked, (b) => Effect.logWarning(`blocked ${b.taskKey}: ${b.reason}`))),
    Effect.zipRight(queue.nextLeaseExpiry()),
    Effect.tap((ms) => Effect.sync(() => (waitMs = ms === null ? 1000 : Math.min(1000, Math.max(20, ms + 5)))))
  )
  return every("reaper", reap, () => Duration.millis(waitMs))
}
