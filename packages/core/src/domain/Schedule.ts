/** A recurring trigger that enqueues a task or creates one from a template. */
import { Schema } from "effect"
import { TaskKey } from "./Ids.js"

export const ScheduleTarget = Schema.Union(
  Schema.TaggedStruct("EnqueueTask", { taskKey: TaskKey }),
  Schema.TaggedStruct("FromTemplate", { templateId: Schema.Int })
)
export type ScheduleTarget = typeof ScheduleTarget.Type

export const ScheduleInput = Schema.Struct({
  name: Schema.String.pipe(Schema.trimmed(), Schema.minLength(1), Schema.maxLength(100)),
  /** A cron expression or a preset: `@hourly`, `@daily`, `every 30m`, `every 2h`, `HH:MM`. */
  expression: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100)),
  timezone: Schema.optionalWith(Schema.String, { default: () => "UTC" }),
  target: ScheduleTarget,
  enabled: Schema.optionalWith(Schema.Boolean, { default: () => true })
})
export type ScheduleInput = typeof ScheduleInput.Type

export class Schedule extends Schema.Class<Schedule>("Schedule")({
  id: Schema.Number,
  ...ScheduleInput.fields,
  lastFiredAt: Schema.NullOr(Schema.DateFromSelf),
  nextFireAt: Schema.NullOr(Schema.DateFromSelf)
}) {}
