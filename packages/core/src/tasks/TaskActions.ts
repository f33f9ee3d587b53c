/**
 * What a person does with a task after the pipeline has handed it back: accept the delivered work
 * (`done`), refuse it (`reject`), ask for more on the same branch (`continue`), run a failed, blocked
 * or cancelled task again (`retry`), and hide a finished task from default listings (`archive`).
 * Every shell (CLI, web, Telegram) calls these, so the rules live in one place. Each status change goes
 * through `Tasks.transition` (the one status write path): the move and its `status_changed` event are
 * one statement, and a task that changed status meanwhile is refused with `IllegalTransition`.
 * An action asked of a task in the wrong status fails with `ActionRefused`, which says what the action
 * needs, and changes nothing.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import type { NotFound, StoreError } from "../domain/Errors.js"
import type { Task } from "../domain/Task.js"
import { type IllegalTransition, TaskStatus } from "../domain/TaskStatus.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Tasks } from "../store/Tasks.js"

export const TaskAction = Schema.Literal("continue", "done", "reject", "retry", "archive", "unarchive")
export type TaskAction = typeof TaskAction.Type

/** The action does not apply to the task's current status; nothing was changed. */
export class ActionRefused extends Schema.TaggedError<ActionRefused>()("ActionRefused", {
  taskKey: Schema.String,
  action: TaskAction,
  status: TaskStatus
}) {
  override get message() {
    return `cannot ${this.action} ${this.taskKey}: it is ${this.status}; ${this.action} works on a task that is ${
      allowedFrom[this.action].join(", ")
    }`
  }
}

/** Statuses each action accepts. Archiving is refused while a task is queued or running (cancel it first). */
export const allowedFrom: Record<TaskAction, ReadonlyArray<TaskStatus>> = {
  continue: ["review"],
  done: ["review"],
  reject: ["review"],
  retry: ["failed", "blocked", "cancelled"],
  archive: ["pending", "review", "done", "failed", "blocked", "cancelled"],
  unarchive: TaskStatus.literals
}

export type ActionError = NotFound | ActionRefused | IllegalTransition | StoreError

export interface TaskActionsService {
  /** review → queued: the next run continues from the branch's commits; `note` is shown with the change. */
  readonly continue: (key: string, options?: { readonly note?: string | undefined; readonly by?: string | undefined }) => Effect.Effect<Task, ActionError>
  /** review → done: the delivered work is accepted. */
  readonly done: (key: string, options?: { readonly by?: string | undefined }) => Effect.Effect<Task, ActionError>
  /** review → failed: the delivered work is refused; `reason` is stored with the change. */
  readonly reject: (key: string, options: { readonly reason: string; readonly by?: string | undefined }) => Effect.Effect<Task, ActionError>
  /** failed | blocked | cancelled → queued: the task runs again. */
  readonly retry: (key: string, options?: { readonly by?: string | undefined }) => Effect.Effect<Task, ActionError>
  /** Sets the archived flag (hidden from default listings); the status does not change. */
  readonly archive: (key: string, archived: boolean) => Effect.Effect<Task, ActionError>
}

export class TaskActions extends Context.Tag("@devserver/core/tasks/TaskActions")<TaskActions, TaskActionsService>() {}

const said = (what: string, by: string | undefined, detail?: string | undefined) =>
  [by ? `${what} by ${by}` : what, detail].filter((s) => s !== undefined && s.trim() !== "").join(": ")

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const tasks = yield* Tasks

  /** The task, when the action accepts its current status. */
  const check = (key: string, action: TaskAction) =>
    Effect.flatMap(tasks.get(key), (task) =>
      allowedFrom[action].includes(task.status)
        ? Effect.succeed(task)
        : Effect.fail(new ActionRefused({ taskKey: task.key, action, status: task.status })))

  const move = (key: string, action: TaskAction, to: TaskStatus, reason: string) =>
    Effect.zipRight(check(key, action), tasks.transition(key, to, { reason }))

  return TaskActions.of({
    continue: (key, options = {}) => move(key, "continue", "queued", said("continued", options.by, options.note)),
    done: (key, options = {}) => move(key, "done", "done", said("accepted", options.by)),
    reject: (key, options) => move(key, "reject", "failed", said("rejected", options.by, options.reason)),
    retry: (key, options = {}) => move(key, "retry", "queued", said("retried", options.by)),
    archive: (key, archived) =>
      Effect.gen(function*() {
        yield* check(key, archived ? "archive" : "unarchive")
        const changed = yield* sql`update tasks set archived = ${archived}, updated_at = now()
          where key = ${key} and (${!archived} or status not in ('queued', 'running', 'verifying')) returning id`.pipe(
          storeFailure("tasks.archive")
        )
        const task = yield* tasks.get(key)
        if (changed.length === 0) return yield* new ActionRefused({ taskKey: key, action: "archive", status: task.status })
        return task
      })
  })
})

export const layer = Layer.effect(TaskActions, make)
