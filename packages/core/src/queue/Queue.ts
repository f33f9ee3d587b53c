/**
 * The task queue. The tasks table is the queue: a task is claimable when it is `queued`,
 * its `run_after` has passed, every task it depends on is `review` or `done`, its repo has a free slot
 * (`repos.parallelism`, 1 for `local` repos, counted across all workers and hosts) and the queue is
 * not paused. Claims go by priority (1 first), then enqueue time.
 *
 * A claimed task belongs to one worker through a lease that the worker's heartbeat renews; a worker
 * that `register`s also holds a presence lock, so its tasks come back as soon as its process dies,
 * before the lease ends. Every status change goes through the one status write path
 * (`store/TaskMove.ts`, checked against `TaskStatus`) and writes its event in the same statement.
 *
 * Every claim of a task gets a new claim number (`Lease.claim`), and a worker's release, completion
 * and heartbeat name the claim they belong to. A task that is no longer the caller's under that claim
 * (cancelled, recovered by a reaper, or claimed again since, even by the same worker) is never
 * overwritten: `complete` and `release` then change nothing and answer `false`.
 *
 * Infrastructure failures are `StoreError`s, never defects; callers decide whether to retry.
 */
import { Context, type Duration, type Effect, type Option, type Scope } from "effect"
import type { NotFound, StoreError } from "../domain/Errors.js"
import type { Task } from "../domain/Task.js"
import type { IllegalTransition } from "../domain/TaskStatus.js"

/** Channel on which task and setting changes wake workers (payload: what changed, never data). */
export { QUEUE_CHANNEL } from "../store/TaskMove.js"
/** Channel on which a running task's cancellation is announced (payload: the task id). */
export const CANCEL_CHANNEL = "devserver_cancel"

/** How a worker ends a task it ran. */
export type Outcome =
  | { readonly status: "review" | "failed"; readonly reason?: string | undefined }
  | { readonly status: "blocked"; readonly reason: string }
  /** Back to the queue (e.g. a rate limit), claimable again after `delay`. */
  | { readonly status: "queued"; readonly reason?: string | undefined; readonly delay?: Duration.DurationInput | undefined }

export interface EnqueueOptions {
  /** Not claimable before this delay has passed. */
  readonly delay?: Duration.DurationInput | undefined
  /** Shown with the status change. */
  readonly reason?: string | undefined
}

export interface ClaimOptions {
  /** Lease length: the task returns to the queue this long after the last heartbeat. */
  readonly leaseSeconds: number
}

export interface ClaimManyOptions extends ClaimOptions {
  /** At most this many tasks (a worker's free slots). */
  readonly limit: number
}

/** One claim of a task: the task and its claim number (a later claim of the same task has a higher one). */
export interface ClaimRef {
  readonly taskId: number
  readonly claim: number
}

/** A claim and the lease length it holds now (from the claim or its last renewal). */
export interface Lease extends ClaimRef {
  readonly seconds: number
}

/** A task just claimed, and its lease. */
export interface Claimed {
  readonly task: Task
  readonly lease: Lease
}

/** A task a worker ran under a claim, and how it ended. */
export interface Finished extends ClaimRef {
  readonly outcome: Outcome
}

/** What `completeAndClaim` did. */
export interface Completed {
  /** Ids of the tasks that were still the worker's and moved (the others were cancelled or recovered meanwhile). */
  readonly completed: ReadonlyArray<number>
  /** The tasks claimed in the same statement (now `running`, leased to the worker). */
  readonly claimed: ReadonlyArray<Claimed>
}

/** A task taken back from a worker and returned to the queue. */
export interface Recovered {
  readonly taskKey: string
  readonly fromWorker: string
  /** `worker died`: its process (its database session) is gone; `lease expired`: no renewal in time. */
  readonly cause: RecoveryCause
}

export type RecoveryCause = "worker died" | "lease expired"

/** A queued task moved to `blocked` because a task it depends on was cancelled or failed. */
export interface DependencyBlocked {
  readonly taskKey: string
  readonly reason: string
}

export interface QueueService {
  /** Moves a task to `queued` (claimable after `delay`); IllegalTransition from running/verifying/done/queued. */
  readonly enqueue: (key: string, options?: EnqueueOptions) => Effect.Effect<Task, NotFound | IllegalTransition | StoreError>
  /** Claims the next claimable task for `workerId` (now `running`, leased), or None when nothing is claimable. */
  readonly claim: (workerId: string, options: ClaimOptions) => Effect.Effect<Option.Option<Claimed>, StoreError>
  /** Claims up to `limit` claimable tasks in one statement, in claim order; empty when nothing is claimable. */
  readonly claimMany: (workerId: string, options: ClaimManyOptions) => Effect.Effect<ReadonlyArray<Claimed>, StoreError>
  /**
   * `complete` for each finished task, then `claimMany` for the freed slots: one statement and one commit
   * per distinct outcome (the worker's hot path; tasks that end together with the same outcome share
   * one). The claim may not see a repo slot or dependency the completion frees; workers are woken
   * for those after commit.
   */
  readonly completeAndClaim: (
    workerId: string,
    finished: ReadonlyArray<Finished>,
    next: ClaimManyOptions
  ) => Effect.Effect<Completed, IllegalTransition | StoreError>
  /**
   * Announces `workerId` as alive for the scope: a session lock on a connection held open. When that
   * connection dies with the process, `recover` returns the worker's tasks without waiting for the lease.
   * If it breaks while the worker lives (a database restart), the same happens and the worker stops
   * those tasks at its next heartbeat, as after a lost lease; leases alone then protect its new tasks.
   */
  readonly register: (workerId: string) => Effect.Effect<void, StoreError, Scope.Scope>
  /**
   * Renews the leases of `claims` held by `workerId` for `leaseSeconds` from now (the new length is
   * stored with each claim); returns the claims it no longer holds (cancelled, recovered, claimed again).
   */
  readonly heartbeat: (workerId: string, claims: ReadonlyArray<ClaimRef>, options: ClaimOptions) => Effect.Effect<ReadonlyArray<ClaimRef>, StoreError>
  /** Ends a claim `workerId` holds with `outcome`; `false` (and no change) when the claim is no longer its own. */
  readonly complete: (workerId: string, claim: ClaimRef, outcome: Outcome) => Effect.Effect<boolean, IllegalTransition | StoreError>
  /** Returns a claimed task to the queue at its old place (the worker is stopping); `false` (no change) when not its own. */
  readonly release: (workerId: string, claim: ClaimRef) => Effect.Effect<boolean, StoreError>
  /**
   * Cancels a task from any process: `cancelled` with a `cancelled` event. If it is running, the worker
   * running it hears it through NOTIFY and kills it; nothing overwrites the status afterwards. Runs of
   * the task left open by a dead worker are closed `lost`. IllegalTransition from review/done/cancelled.
   */
  readonly cancel: (key: string, by: string) => Effect.Effect<Task, NotFound | IllegalTransition | StoreError>
  /**
   * Returns to the queue, each with a `task_recovered` event, every task whose registered worker has
   * lost its presence lock (its process died: `worker died`) or whose lease has expired (`lease
   * expired`), and closes as `lost` the runs that dead workers left open.
   */
  readonly recover: () => Effect.Effect<ReadonlyArray<Recovered>, StoreError>
  /**
   * Moves to `blocked` every queued task that waits on a cancelled or failed task (it would wait
   * forever), with the reason `dependency KEY cancelled|failed`; the user decides what follows.
   */
  readonly blockOrphans: () => Effect.Effect<ReadonlyArray<DependencyBlocked>, StoreError>
  /** Milliseconds until the earliest lease expires (negative if already expired); null when none is held. */
  readonly nextLeaseExpiry: () => Effect.Effect<number | null, StoreError>
}

export class Queue extends Context.Tag("@devserver/core/queue/Queue")<Queue, QueueService>() {}
