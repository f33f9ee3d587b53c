/** A unit of work queued against a repo. */
import { Schema } from "effect"
import { RepoName, TaskKey } from "./Ids.js"
import { TaskStatus } from "./TaskStatus.js"
import { BillingMode, Model, Vendor } from "./Vendor.js"

export const Priority = Schema.Int.pipe(
  Schema.between(1, 4, { message: () => "priority is 1 (critical) to 4 (low)" })
)
export const GitFlow = Schema.Literal("pr", "commit", "patch", "untracked")
export type GitFlow = typeof GitFlow.Type
export const TaskMode = Schema.Literal("autonomous", "interactive")

const SkillName = Schema.String.pipe(Schema.pattern(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: () => "a skill name is a lower-case folder name" }))

const Label = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}$/, { message: () => "a label has no spaces" }))

const CommandLine = Schema.String.pipe(Schema.maxLength(4000))

/** A task's own verification commands, per step; a given step replaces the repo's (empty = skip that step). */
export const VerifyOverride = Schema.Struct({
  pre: Schema.optional(CommandLine),
  build: Schema.optional(CommandLine),
  test: Schema.optional(CommandLine),
  lint: Schema.optional(CommandLine)
})
export type VerifyOverride = typeof VerifyOverride.Type

/** Task settings shared with templates. */
export const TaskSettings = Schema.Struct({
  priority: Schema.optionalWith(Priority, { default: () => 3 }),
  labels: Schema.optionalWith(Schema.Array(Label), { default: () => [] }),
  vendor: Schema.optionalWith(Schema.NullOr(Vendor), { default: () => null }),
  model: Schema.optionalWith(Schema.NullOr(Model), { default: () => null }),
  backupVendor: Schema.optionalWith(Schema.NullOr(Vendor), { default: () => null }),
  backupModel: Schema.optionalWith(Schema.NullOr(Model), { default: () => null }),
  billingMode: Schema.optionalWith(BillingMode, { default: () => "api" as const }),
  gitFlow: Schema.optionalWith(GitFlow, { default: () => "pr" as const }),
  /** null = unlimited, and unlimited really means unlimited. */
  maxTurns: Schema.optionalWith(Schema.NullOr(Schema.Int.pipe(Schema.positive())), { default: () => null }),
  skipVerification: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  /** Per-step verification commands instead of the repo's; null = the repo's. */
  verifyCommands: Schema.optionalWith(Schema.NullOr(VerifyOverride), { default: () => null }),
  mode: Schema.optionalWith(TaskMode, { default: () => "autonomous" as const }),
  maxUsd: Schema.optionalWith(Schema.NullOr(Schema.Number.pipe(Schema.positive())), { default: () => null }),
  maxWallSeconds: Schema.optionalWith(Schema.NullOr(Schema.Int.pipe(Schema.positive())), { default: () => null }),
  /** Names of `SKILL.md` folders whose text joins the agent's prompt. */
  skills: Schema.optionalWith(Schema.Array(SkillName).pipe(Schema.maxItems(20)), { default: () => [] })
})
export type TaskSettings = typeof TaskSettings.Type

/** What a user gives to create a task; the key is generated when absent. */
export const TaskInput = Schema.Struct({
  key: Schema.optional(TaskKey),
  title: Schema.String.pipe(Schema.trimmed(), Schema.minLength(1, { message: () => "a title is required" }), Schema.maxLength(200)),
  description: Schema.optionalWith(Schema.String.pipe(Schema.maxLength(100_000)), { default: () => "" }),
  acceptance: Schema.optionalWith(Schema.String.pipe(Schema.maxLength(20_000)), { default: () => "" }),
  /** null = a repo-less task run in a scratch folder. */
  repo: Schema.optionalWith(Schema.NullOr(RepoName), { default: () => null }),
  dependsOn: Schema.optionalWith(Schema.Array(TaskKey), { default: () => [] }),
  templateId: Schema.optionalWith(Schema.NullOr(Schema.Int), { default: () => null }),
  ideaId: Schema.optionalWith(Schema.NullOr(Schema.Int), { default: () => null }),
  ...TaskSettings.fields
})
export type TaskInput = typeof TaskInput.Type
export type TaskInputEncoded = typeof TaskInput.Encoded

export class Task extends Schema.Class<Task>("Task")({
  id: Schema.Number,
  key: TaskKey,
  title: Schema.String,
  description: Schema.String,
  acceptance: Schema.String,
  repo: Schema.NullOr(RepoName),
  status: TaskStatus,
  ...TaskSettings.fields,
  dependsOn: Schema.Array(TaskKey),
  templateId: Schema.NullOr(Schema.Number),
  ideaId: Schema.NullOr(Schema.Number),
  blockedReason: Schema.NullOr(Schema.String),
  archived: Schema.Boolean,
  leaseOwner: Schema.NullOr(Schema.String),
  leaseExpiresAt: Schema.NullOr(Schema.DateFromSelf),
  heartbeatAt: Schema.NullOr(Schema.DateFromSelf),
  runAfter: Schema.NullOr(Schema.DateFromSelf),
  enqueuedAt: Schema.NullOr(Schema.DateFromSelf),
  createdAt: Schema.DateFromSelf,
  updatedAt: Schema.DateFromSelf
}) {}
