/** A page of the task list: filters, search, sort and pagination, all applied by the database. */
import { Schema } from "effect"
import { RepoName, TaskKey } from "./Ids.js"
import { Priority } from "./Task.js"
import { TaskStatus } from "./TaskStatus.js"

export const TaskSort = Schema.Literal("created", "updated", "priority", "key", "status", "title")
export type TaskSort = typeof TaskSort.Type

export const TaskQuery = Schema.Struct({
  /** Any of these statuses (empty or absent = all). */
  status: Schema.optional(Schema.Array(TaskStatus)),
  repo: Schema.optional(RepoName),
  priority: Schema.optional(Priority),
  /** Tasks carrying this label. */
  label: Schema.optional(Schema.String.pipe(Schema.maxLength(40))),
  /** Words found in the key or title (case-insensitive). */
  search: Schema.optional(Schema.String.pipe(Schema.maxLength(200))),
  includeArchived: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  sort: Schema.optionalWith(TaskSort, { default: () => "created" as const }),
  order: Schema.optionalWith(Schema.Literal("asc", "desc"), { default: () => "desc" as const }),
  limit: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 200, { message: () => "a page holds 1 to 200 tasks" })), { default: () => 50 }),
  offset: Schema.optionalWith(Schema.Int.pipe(Schema.nonNegative()), { default: () => 0 })
})
export type TaskQuery = typeof TaskQuery.Type

/** One row of the task list: what a list shows, without the long texts. */
export const TaskSummary = Schema.Struct({
  id: Schema.Number,
  key: TaskKey,
  title: Schema.String,
  repo: Schema.NullOr(RepoName),
  status: TaskStatus,
  priority: Schema.Number,
  labels: Schema.Array(Schema.String),
  vendor: Schema.NullOr(Schema.String),
  model: Schema.NullOr(Schema.String),
  archived: Schema.Boolean,
  blockedReason: Schema.NullOr(Schema.String),
  createdAt: Schema.DateFromSelf,
  updatedAt: Schema.DateFromSelf
})
export type TaskSummary = typeof TaskSummary.Type

/** A page and the number of tasks matching the filters. */
export interface TaskPage {
  readonly items: ReadonlyArray<TaskSummary>
  readonly total: number
}
