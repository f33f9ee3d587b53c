/**
 * A worker: claims tasks and runs them with the `TaskRunner`, as a scoped resource (closing the scope
 * interrupts its tasks and returns them to the queue at their old place).
 *
 * - Wakes on `devserver_queue` NOTIFYs (tasks queued, slots freed, settings changed) with a slow poll
 *   as a safety net; claims for all its free slots in one statement (`maxConcurrency`, read live from
 *   Settings), and a finishing task completes and claims the next in one statement.
 * - Renews its leases every third of the lease each claim holds, with the current `leaseSeconds` (a
 *   change never shortens a lease in flight); a claim it no longer holds is interrupted. Its release,
 *   completion and heartbeats name their claim, so a stale one changes nothing.
 * - Registers its presence (`Queue.register`) and, like every worker, reaps dead workers' tasks and
 *   blocks tasks whose dependency was cancelled or failed (`WorkerUpkeep`).
 * - Hears cancels on `devserver_cancel` and interrupts the task's fiber, whose Scope kills its
 *   process groups. Both channels come through `Notifications` (see `make`), never a LISTEN of its own:
 *   a stopping worker would UNLISTEN the channel for every other listener on the same connection.
 * Infrastructure failures are logged and retried with `retryPolicy`; a worker never dies of them.
 */
import type { PgClient } from "@effect/sql-pg"
import { Cause, Duration, Effect, Equal, Exit, Fiber, FiberMap, Layer, Option, Queue as Q, type Scope } from "effect"
import * as crypto from "node:crypto"
import * as os from "node:os"
import * as Notifications from "../store/Notifications.js"
import { Settings } from "../store/Settings.js"
import * as Leases from "./Leases.js"
import { CANCEL_CHANNEL, type Claimed, type ClaimRef, type Finished, type Outcome, Queue, QUEUE_CHANNEL } from "./Queue.js"
import { TaskRunner } from "./TaskRunner.js"
import { every, heartbeat, listen, logged, reaper, register, retryPolicy } from "./WorkerUpkeep.js"

export { retryPolicy } from "./WorkerUpkeep.js"

export interface WorkerConfig {
  /** Lease owner name; default `host:pid:random`. */
  readonly workerId?: string | undefined
  /** Overrides the `leaseSeconds` setting (tests use short leases). */
  readonly leaseSeconds?: number | undefined
  /** Overrides the `maxConcurrency` setting. */
  readonly maxConcurrency?: number | undefined
  /** Safety-net poll when no NOTIFY arrives (default 5 s). */
  readonly pollInterval?: Duration.DurationInput | undefined
}

export interface Worker {
  readonly id: string
  /** Ids of the tasks running now. */
  readonly running: Effect.Effect<ReadonlyArray<number>>
}

export const defaultWorkerId = () => `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`

/**
 * NOTIFYs come through the process's shared `Notifications` when one is provided (`layer` does), else
 * through a private one that lives as long as the worker.
 */
export const make = (config: WorkerConfig = {}): Effect.Effect<Worker, never, Scope.Scope | Queue | Settings | PgClient.PgClient | TaskRunner> =>
  Effect.gen(function*() {
    const queue = yield* Queue
    const settings = yield* Settings
    const notifications = yield* Effect.serviceOption(Notifications.Notifications).pipe(
      Effect.flatMap(Option.match({ onSome: Effect.succeed, onNone: () => Notifications.make }))
    )
    const runner = yield* TaskRunner
    const id = config.workerId ?? defaultWorkerId()
    const running = yield* FiberMap.make<number>()
    const leases = Leases.make()
    const scope = yield* Effect.scope
    const wake = yield* Q.sliding<void>(1)
    const bell = Q.offer(wake, undefined)
    let leaseSeconds = config.leaseSeconds ?? 30
    let max = config.maxConcurrency ?? 1
    // Settings are re-read when a NOTIFY says they changed (and at each poll), not before every claim.
    let settingsChanged = true
    // Tasks running plus claims under way; compared with `max` before every claim (single-threaded, so
    // the check and the increment cannot interleave).
    let inFlight = 0
    let stopping = false
    // Added after the FiberMap, so it runs before the map interrupts the tasks: no claims while stopping.
    yield* Effect.addFinalizer(() => Effect.sync(() => (stopping = true)))
    const leaseOptions = () => ({ leaseSeconds })
    /**
     * Interrupts the task's fiber if it still runs under `claim` (a newer claim of it is left alone).
     * Its lease is forgotten at once: the fiber may take a while to end (it may be finishing tasks).
     */
    const stop = (claim: ClaimRef, why: string) =>
      Effect.suspend(() =>
        leases.forget(claim) ? Effect.logInfo(`stopping task ${claim.taskId}: ${why}`).pipe(Effect.zipRight(FiberMap.remove(running, claim.taskId))) : Effect.void
      ).pipe(Effect.forkIn(scope))
    const refreshSettings = Effect.gen(function*() {
      if (!settingsChanged) return
      settingsChanged = false
      if (config.leaseSeconds === undefined) leaseSeconds = yield* settings.get("leaseSeconds")
      if (config.maxConcurrency === undefined) max = yield* settings.get("maxConcurrency")
    }).pipe(Effect.tapError(() => Effect.sync(() => (settingsChanged = true))))

    /**
     * Starts a claimed task (its slot is already counted in `inFlight`); `sentAt` is when the claim
     * statement was sent, so the lease is counted from no later than the database started it. A stale
     * fiber of the same task (this worker lost it and claimed it again) is stopped first, and its
     * cleanup cannot touch the new claim. (When that fiber is the one running this completion loop,
     * its run has already ended; it is interrupted once the loop is done.)
     */
    const start = (sentAt: number) => ({ lease, task }: Claimed) =>
      Effect.gen(function*() {
        const stale = yield* Effect.option(FiberMap.get(running, task.id))
        if (Option.isSome(stale) && !Equal.equals(stale.value.id(), yield* Effect.fiberId)) yield* Fiber.interrupt(stale.value)
        leases.add(lease, sentAt)
        // Interruptible even when started from the uninterruptible completion: cancel must reach it.
        yield* FiberMap.run(running, task.id, Effect.interruptible(runTask(task, lease)))
      })

    /** Claims for every free slot in one statement and starts what it got. */
    const fill = Effect.gen(function*() {
      yield* refreshSettings
      const free = stopping ? 0 : max - inFlight
      if (free <= 0) return
      inFlight += free
      const sentAt = Date.now()
      const claimed = yield* queue.claimMany(id, { ...leaseOptions(), limit: free }).pipe(
        Effect.ensuring(Effect.sync(() => (inFlight -= free)))
      )
      inFlight += claimed.length
      yield* Effect.forEach(claimed, start(sentAt), { discard: true })
    })

    /**
     * Ends tasks and, in the same statement, claims tasks for their slots and any other free ones, like
     * a worker loop, without waiting for a NOTIFY. Tasks that end while a statement is in flight wait
     * and go together in the next one (group commit at high concurrency). The first task to find no
     * statement in flight runs the statements until none is left. Uninterruptible: claimed tasks
     * are always started.
     */
    let finished: Array<Finished> = []
    let finishing = false
    const finishBatch = Effect.gen(function*() {
      const batch = finished
      finished = []
      // The batch's slots are still counted; they are offered to the claim with the others that are free.
      const limit = stopping ? 0 : Math.max(0, max - inFlight + batch.length)
      inFlight += limit - batch.length
      const sentAt = Date.now()
      const result = yield* queue.completeAndClaim(id, batch, { ...leaseOptions(), limit }).pipe(
        Effect.ensuring(Effect.sync(() => (inFlight -= limit)))
      )
      inFlight += result.claimed.length
      yield* Effect.forEach(result.claimed, start(sentAt), { discard: true })
    }).pipe((effect) => logged("finishing tasks", effect), Effect.tapErrorCause(() => bell), Effect.ignore)
    const finish = (claim: ClaimRef, outcome: Outcome) =>
      Effect.suspend(() => {
        finished.push({ taskId: claim.taskId, claim: claim.claim, outcome })
        if (finishing) return Effect.void
        finishing = true
        return Effect.whileLoop({ while: () => finished.length > 0, body: () => finishBatch, step: () => {} }).pipe(
          Effect.ensuring(Effect.sync(() => (finishing = false)))
        )
      }).pipe(Effect.uninterruptible)

    const runTask = (task: Claimed["task"], claim: ClaimRef): Effect.Effect<void> =>
      runner.run(task, { workerId: id }).pipe(
        Effect.scoped,
        Effect.exit,
        Effect.map((exit): Outcome =>
          Exit.isSuccess(exit) ? exit.value : { status: "failed", reason: Cause.pretty(exit.cause).split("\n")[0]!.slice(0, 500) }
        ),
        Effect.onInterrupt(() =>
          Effect.sync(() => inFlight--).pipe(
            Effect.zipRight(logged("release", queue.release(id, claim)).pipe(Effect.ignore)),
            // The slot is free: fill it (unless the worker is stopping).
            Effect.zipRight(Effect.suspend(() => (stopping ? Effect.void : bell)))
          )
        ),
        // Ended: no more renewals (the fiber may go on running completions for other tasks).
        Effect.tap(() => Effect.sync(() => leases.forget(claim))),
        Effect.flatMap((outcome) => finish(claim, outcome)),
        (effect) => logged(`finishing ${task.key}`, effect),
        Effect.ignore,
        Effect.ensuring(Effect.sync(() => leases.forget(claim))),
        Effect.annotateLogs({ task: task.key })
      )

    // Before the first claim: a worker killed right after it claimed must not leave its tasks waiting for the lease.
    yield* register(queue, id)
    yield* listen(notifications, QUEUE_CHANNEL, (payload) => {
      if (payload === "settings") settingsChanged = true
      return bell
    })
    yield* listen(notifications, CANCEL_CHANNEL, (payload) => {
      const lease = leases.get(Number(payload))
      return lease === undefined ? Effect.void : stop(lease, "cancelled")
    })
    yield* heartbeat({ queue, workerId: id, leases, leaseSeconds: Effect.ignore(refreshSettings).pipe(Effect.map(() => leaseSeconds)), stop })
    yield* reaper(queue)
    yield* every("poll", Effect.suspend(() => (settingsChanged = true, bell)), () => Duration.decode(config.pollInterval ?? "5 seconds"))
    yield* Effect.forever(Q.take(wake).pipe(Effect.zipRight(logged("claim", fill).pipe(Effect.retry(retryPolicy))))).pipe(Effect.forkScoped)
    yield* Effect.logInfo(`worker ${id} started`).pipe(Effect.annotateLogs({ worker: id }))

    return { id, running: Effect.sync(() => Array.from(running, ([taskId]) => taskId)) }
    })

/** Runs a worker for the layer's lifetime, with the process's shared `Notifications`. */
export const layer = (config: WorkerConfig = {}) => Layer.scopedDiscard(make(config)).pipe(Layer.provide(Notifications.layer))
