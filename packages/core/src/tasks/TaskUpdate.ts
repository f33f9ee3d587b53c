/**
 * Edits a task's texts and settings (not its status, key, repo or dependencies). A task that is
 * running or verifying is refused, as the agent works from what it was given; the check and the
 * write are one statement, so a claim in between cannot slip through.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer } from "effect"
import { InvalidInput, type NotFound, type StoreError } from "../domain/Errors.js"
import type { Task } from "../domain/Task.js"
import { TaskPatch } from "../domain/TaskPatch.js"
import { decodeInput } from "../internal/decodeInput.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Tasks } from "../store/Tasks.js"

export interface TaskUpdateService {
  /** Applies the fields given; InvalidInput for a bad field or a running task, NotFound for an unknown key. */
  readonly update: (key: string, patch: typeof TaskPatch.Encoded) => Effect.Effect<Task, InvalidInput | NotFound | StoreError>
}

export class TaskUpdate extends Context.Tag("@devserver/core/tasks/TaskUpdate")<TaskUpdate, TaskUpdateService>() {}

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const tasks = yield* Tasks

  const update = Effect.fn("TaskUpdate.update")(function*(key: string, raw: typeof TaskPatch.Encoded) {
    const patch = yield* decodeInput(TaskPatch, "patch")(raw)
    const fields = Object.fromEntries(
      Object.entries(patch).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v])
    )
    const before = yield* tasks.get(key)
    if (Object.keys(fields).length === 0) return before
    const changed = yield* sql`update tasks set ${sql.update(fields)}, updated_at = now()
      where key = ${key} and status not in ('running', 'verifying') returning id`.pipe(storeFailure("tasks.update"))
    if (changed.length === 0) {
      return yield* new InvalidInput({ field: "status", reason: `${key} is running; cancel it before editing` })
    }
    return yield* tasks.get(key)
  })

  return TaskUpdate.of({ update })
})

export const layer = Layer.effect(TaskUpdate, make)
