/**
 * The plan an interactive task's read-only plan run produces, which a person approves before any
 * edit. Once approved it goes into the agent's prompt as a contract, and `files_to_touch` becomes
 * the preflight's allow-list.
 */
import { Schema } from "effect"

const Line = Schema.String.pipe(Schema.maxLength(4000))

export const Plan = Schema.Struct({
  summary: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(4000)),
  approach: Line,
  steps: Schema.Array(Line).pipe(Schema.maxItems(50)),
  files_to_touch: Schema.Array(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(500))).pipe(Schema.maxItems(500)),
  risks: Schema.Array(Line).pipe(Schema.maxItems(50)),
  acceptance_check: Line
})
export type Plan = typeof Plan.Type

export const PlanStatus = Schema.Literal("awaiting", "approved", "rejected")
export type PlanStatus = typeof PlanStatus.Type

/** A stored plan of a task. */
export class StoredPlan extends Schema.Class<StoredPlan>("StoredPlan")({
  id: Schema.Number,
  taskId: Schema.Number,
  plan: Plan,
  status: PlanStatus,
  decidedBy: Schema.NullOr(Schema.String),
  reason: Schema.NullOr(Schema.String),
  createdAt: Schema.DateFromSelf
}) {}

/** Approve or reject was asked of a task with no plan awaiting approval; nothing changed. */
export class NoPlanAwaiting extends Schema.TaggedError<NoPlanAwaiting>()("NoPlanAwaiting", {
  taskKey: Schema.String
}) {
  override get message() {
    return `no plan of ${this.taskKey} awaits approval`
  }
}
