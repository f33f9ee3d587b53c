/**
 * Typed settings stored in the database. Each key has a Schema, a default and a one-line
 * description; writes are validated against the key's Schema, so a stored value always decodes.
 */
import { Schema } from "effect"
import { Vendor } from "./Vendor.js"

const on = Schema.optionalWith(Schema.Boolean, { default: () => true })

/** Which kinds of notification are sent (each on unless switched off). */
export const NotificationSwitches = Schema.Struct({
  started: on, succeeded: on, failed: on, failover: on, budget: on, preflight: on, plan_ready: on, decision: on, digest: on
})

const HourMinute = Schema.String.pipe(Schema.pattern(/^([01]\d|2[0-3]):[0-5]\d$/, { message: () => "expected HH:MM" }))

export const NightWindow = Schema.Struct({ start: HourMinute, end: HourMinute, timezone: Schema.String })

const def = <A, I>(schema: Schema.Schema<A, I>, defaultValue: A, description: string) => ({ schema, defaultValue, description })

export const settingDefinitions = {
  maxConcurrency: def(Schema.Int.pipe(Schema.between(1, 64)), 2, "Tasks one worker runs at once; applied live."),
  queuePaused: def(Schema.Boolean, false, "When true, no worker claims new tasks; running tasks continue."),
  autoEnqueue: def(Schema.Boolean, false, "New tasks go straight to queued."),
  leaseSeconds: def(Schema.Int.pipe(Schema.between(5, 3600)), 30, "A dead worker's tasks return to the queue after this."),
  defaultVendor: def(Vendor, "anthropic", "Vendor for tasks that name none."),
  defaultModel: def(Schema.NullOr(Schema.String), null, "Model for tasks that name none (null = the vendor's default)."),
  nightWindow: def(Schema.NullOr(NightWindow), null, "Night cycle window (null = off)."),
  nightScope: def(Schema.Literal("marked", "all"), "marked", "Which pending tasks the night cycle drains."),
  llmVendor: def(Schema.Literal("anthropic", "glm", "openai", "openai-chat", "google"), "anthropic", "Protocol and vendor of the system LLM (task drafts, plans, compaction); openai-chat is any OpenAI-compatible server."),
  llmModel: def(Schema.NullOr(Schema.String), null, "Model of the system LLM (null = the vendor's default)."),
  memoryHalfLifeDays: def(Schema.Number.pipe(Schema.between(1, 3650)), 30, "Recall ranks a memory record half as high after this many days."),
  memoryArchiveDays: def(Schema.Int.pipe(Schema.between(1, 3650)), 180, "Records never recalled are archived after this many days."),
  compactAfterFailures: def(Schema.Int.pipe(Schema.between(1, 100)), 3, "After this many failed attempts, a task's earlier runs are condensed by the system LLM for its next fresh attempt."),
  abstainThreshold: def(Schema.Number.pipe(Schema.between(0, 100)), 0, "Tasks whose reality score is below this are blocked before any agent runs (0 = off)."),
  digestAt: def(Schema.NullOr(Schema.Struct({ time: HourMinute, timezone: Schema.String })), { time: "08:00", timezone: "UTC" }, "When the daily digest is sent (HH:MM in an IANA time zone; null = never)."),
  notifications: def(NotificationSwitches, NotificationSwitches.make({}), "Which notifications are sent (started, succeeded, failed, failover, budget, preflight, plan_ready, decision, digest)."),
  dailySpendCapUsd: def(
    Schema.NullOr(Schema.Number.pipe(Schema.positive())),
    null,
    "USD all attempts of the installation may spend per UTC day (null = no cap); reaching it stops new attempts until the next day."
  ),
  worktreeRetentionDays: def(
    Schema.Int.pipe(Schema.between(1, 3650)),
    14,
    "Days after a task ended done, failed or cancelled before its worktree or scratch folder is removed (the branch stays in the repo cache)."
  )
  // Further settings (notifications, system LLM, abstain threshold, memory, budgets)
  // arrive with the features that read them: a setting that nothing reads misleads the user.
} as const

export type SettingDefinitions = typeof settingDefinitions
export type SettingKey = keyof SettingDefinitions
export type SettingValue<K extends SettingKey> = Schema.Schema.Type<SettingDefinitions[K]["schema"]>

export const SettingKey = Schema.Literal(...(Object.keys(settingDefinitions) as Array<SettingKey>))

export const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(settingDefinitions, key)
