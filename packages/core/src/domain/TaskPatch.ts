/** A change to a task's texts and settings: only the fields given change, each checked like at creation. */
import { Schema } from "effect"
import { TaskInput, TaskSettings } from "./Task.js"

export const TaskPatch = Schema.extend(
  Schema.encodedBoundSchema(TaskSettings),
  Schema.Struct({
    title: Schema.optional(TaskInput.fields.title),
    description: Schema.optional(Schema.String.pipe(Schema.maxLength(100_000))),
    acceptance: Schema.optional(Schema.String.pipe(Schema.maxLength(20_000)))
  })
)
export type TaskPatch = typeof TaskPatch.Type
