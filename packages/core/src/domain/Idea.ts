/** A node of the ideas tree: a folder or a markdown idea, with goal-graph fields. */
import { Schema } from "effect"

export const IdeaKind = Schema.Literal("folder", "idea")
export const GoalStatus = Schema.Literal("open", "atomic", "split", "task", "done", "rolled_up")

export const IdeaInput = Schema.Struct({
  parentId: Schema.optionalWith(Schema.NullOr(Schema.Int), { default: () => null }),
  kind: Schema.optionalWith(IdeaKind, { default: () => "idea" as const }),
  title: Schema.String.pipe(Schema.trimmed(), Schema.minLength(1), Schema.maxLength(200)),
  body: Schema.optionalWith(Schema.String, { default: () => "" })
})
export type IdeaInput = typeof IdeaInput.Type

export class Idea extends Schema.Class<Idea>("Idea")({
  id: Schema.Number,
  ...IdeaInput.fields,
  plan: Schema.NullOr(Schema.String),
  goalStatus: GoalStatus,
  score: Schema.NullOr(Schema.Number),
  summary: Schema.NullOr(Schema.String),
  taskId: Schema.NullOr(Schema.Number),
  position: Schema.Number,
  createdAt: Schema.DateFromSelf
}) {}
