/**
 * Typed settings stored in the database (PRODUCT §17). Each key has a Schema, a default and a one-line
 * description; writes are validated against the key's Schema, so a stored value always decodes.
 */
import { Schema } from "effect"
import { Vendor } from "./Vendor.js"

const HourMinute = Schema.String.pipe(Schema.pattern(/^([01]\d|2[0-3]):[0-5]\d$/, { message: () => "expected HH:MM" }))

export const NightWindow = Schema.Struct({ start: HourMinute, end: HourMinute, timezone: Schema.String })

const def = <A, I>(schema: Schema.Schema<A, I>, defaultValue: A, description: string) => ({ schema, defaultValue, description })

export const settingDefinitions = {
  maxConcurrency: def(Schema.Int.pipe(Schema.between(1, 64)), 2, "Tasks one worker runs at once; applied live."),
  queuePaused: def(Schema.Boolean, false, "When true, no worker claims new tasks; running tasks continue."),
  autoEnqueue: def(Schema.Boolean, false, "New tasks go straight to queued."),
  leaseSeconds: def(Schema.Int.pipe(Schema.between(5, 3600)), 30, "A dead worker's tasks return to the queue after this."),
  notifications: def(
    Schema.Record({ key: Schema.String, value: Schema.Boolean }),
    {},
    "Notification kinds switched off or on (missing = on)."
  ),
  systemLlmVendor: def(Vendor, "anthropic", "Vendor of the system LLM (Fill Task, DevPlan, compaction)."),
  systemLlmModel: def(Schema.String, "claude-haiku-4-5", "Model of the system LLM."),
  defaultVendor: def(Vendor, "anthropic", "Vendor for tasks that name none."),
  defaultModel: def(Schema.NullOr(Schema.String), null, "Model for tasks that name none (null = the vendor's default)."),
  abstainThreshold: def(Schema.Int.pipe(Schema.between(0, 100)), 0, "Block tasks whose reality score is below this (0 = off)."),
  memoryHalfLifeDays: def(Schema.Number.pipe(Schema.positive()), 30, "Recency half-life of memory recall."),
  memoryArchiveDays: def(Schema.Int.pipe(Schema.positive()), 90, "Archive never-recalled memories older than this."),
  nightWindow: def(Schema.NullOr(NightWindow), null, "Night cycle window (null = off)."),
  nightScope: def(Schema.Literal("marked", "all"), "marked", "Which pending tasks the night cycle drains."),
  decisionsGate: def(Schema.Boolean, false, "Agents ask before side-effecting actions."),
  budgetMaxUsd: def(Schema.NullOr(Schema.Number.pipe(Schema.positive())), null, "Default per-task USD cap (API billing)."),
  budgetMaxWallSeconds: def(Schema.NullOr(Schema.Int.pipe(Schema.positive())), null, "Default per-task wall-time cap."),
  dailySpendCapUsd: def(Schema.NullOr(Schema.Number.pipe(Schema.positive())), null, "Stop dispatching after this spend per day."),
  worktreeGcDays: def(Schema.Int.pipe(Schema.positive()), 7, "Delete finished tasks' worktrees after this many days.")
} as const

export type SettingDefinitions = typeof settingDefinitions
export type SettingKey = keyof SettingDefinitions
export type SettingValue<K extends SettingKey> = Schema.Schema.Type<SettingDefinitions[K]["schema"]>

export const SettingKey = Schema.Literal(...(Object.keys(settingDefinitions) as Array<SettingKey>))

export const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(settingDefinitions, key)
