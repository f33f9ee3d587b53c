/**
 * The task status machine. `transition` is the only place that decides whether a move
 * is legal; the store applies it inside the transaction that changes the row.
 */
import { Either, Schema } from "effect"

export const TaskStatus = Schema.Literal(
  "pending",
  "queued",
  "running",
  "verifying",
  "review",
  "done",
  "failed",
  "blocked",
  "cancelled"
)
export type TaskStatus = typeof TaskStatus.Type

/** Statuses from which a task may be (re-)enqueued. */
export const enqueueableFrom: ReadonlyArray<TaskStatus> = ["pending", "failed", "blocked", "cancelled", "review"]

const allowed: Record<TaskStatus, ReadonlyArray<TaskStatus>> = {
  pending: ["queued", "cancelled"],
  // queued → blocked: a gate (budget, plan, abstain) stops the task before it runs.
  queued: ["running", "pending", "blocked", "cancelled"],
  // running → queued: lease expired (worker died) or a rate-limit re-queue.
  running: ["verifying", "review", "failed", "blocked", "cancelled", "queued"],
  verifying: ["running", "review", "failed", "blocked", "cancelled", "queued"],
  // review → failed: a person refuses the delivered work.
  review: ["done", "queued", "failed"],
  done: [],
  failed: ["queued"],
  blocked: ["queued", "cancelled"],
  cancelled: ["queued"]
}

/** Refused status move; nothing was changed. */
export class IllegalTransition extends Schema.TaggedError<IllegalTransition>()("IllegalTransition", {
  taskKey: Schema.String,
  from: TaskStatus,
  to: TaskStatus
}) {
  override get message() {
    return `task ${this.taskKey} cannot move from ${this.from} to ${this.to}`
  }
}

/** Whether `from → to` is a legal move. */
export const canTransition = (from: TaskStatus, to: TaskStatus): boolean => allowed[from].includes(to)

/** Validates a move: the target status, or an `IllegalTransition`. */
export const transition = (
  taskKey: string,
  from: TaskStatus,
  to: TaskStatus
): Either.Either<TaskStatus, IllegalTransition> =>
  canTransition(from, to) ? Either.right(to) : Either.left(new IllegalTransition({ taskKey, from, to }))

/** Every (from, to) pair, legal or not; used by tests and docs. */
export const allPairs: ReadonlyArray<readonly [TaskStatus, TaskStatus]> = TaskStatus.literals.flatMap((from) =>
  TaskStatus.literals.map((to) => [from, to] as const)
)
