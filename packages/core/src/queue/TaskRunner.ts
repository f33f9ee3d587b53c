/**
 * What a worker does with a claimed task. The pipeline provides the real runner; `placeholder` only
 * logs and delivers the task to `review`, so a worker can run before the pipeline exists.
 */
import { Context, Effect, Layer, Schema, type Scope } from "effect"
import type { Task } from "../domain/Task.js"
import type { Outcome } from "./Queue.js"

export interface TaskContext {
  /** The worker running the task (also the lease owner). */
  readonly workerId: string
}

/**
 * A task could not be run to an outcome: infrastructure (store, git, a CLI that cannot start, the
 * verifier's log) failed in a pipeline step. The worker ends the task `failed` with this message.
 */
export class TaskRunError extends Schema.TaggedError<TaskRunError>()("TaskRunError", {
  taskKey: Schema.String,
  /** The pipeline step that failed: context, attempt, verify, classify, decide or deliver. */
  step: Schema.String,
  detail: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    return `${this.step} step of ${this.taskKey} failed: ${this.detail}`
  }
}

export interface TaskRunnerService {
  /**
   * Runs one claimed task and says how it ended. Resources go in the given Scope: the worker closes it
   * when the task ends, is cancelled, loses its lease or the worker stops (which kills child process
   * groups started with `ProcessGroup.spawn`). A failure or defect ends the task `failed`.
   */
  readonly run: (task: Task, context: TaskContext) => Effect.Effect<Outcome, TaskRunError, Scope.Scope>
}

export class TaskRunner extends Context.Tag("@devserver/core/queue/TaskRunner")<TaskRunner, TaskRunnerService>() {}

/** Logs the task and delivers it to `review` (until the pipeline replaces it). */
export const placeholder = Layer.succeed(TaskRunner, {
  run: (task, context) =>
    Effect.logInfo(`placeholder runner: ${task.key} "${task.title}" on ${context.workerId}`).pipe(
      Effect.as({ status: "review", reason: "placeholder runner" } as const)
    )
})
