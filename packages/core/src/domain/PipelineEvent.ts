/**
 * The typed catalogue of live events. A stored event row is `{id, taskId, runId, at}`
 * plus one `EventPayload`; the `type` field discriminates the union.
 */
import { Schema } from "effect"
import { TaskStatus } from "./TaskStatus.js"
import { VerifyResult } from "./Run.js"

const event = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) =>
  Schema.Struct({ type: Schema.Literal(type), ...fields })

const Text = Schema.String
const Usd = Schema.Number

export const StatusChanged = event("status_changed", {
  from: Schema.NullOr(TaskStatus),
  to: TaskStatus,
  reason: Schema.optional(Text)
})
export const RepoMapBuilt = event("repo_map_built", {
  files: Schema.Number,
  symbols: Schema.Number,
  shownSymbols: Schema.optional(Schema.Number),
  chars: Schema.Number,
  tokens: Schema.optional(Schema.Number),
  truncated: Schema.Boolean,
  ms: Schema.Number,
  cacheHits: Schema.optional(Schema.Number),
  parsed: Schema.optional(Schema.Number),
  provisional: Schema.optional(Schema.Number)
})
export const RealitySignal = event("reality_signal", {
  score: Schema.Number,
  confidence: Schema.Number,
  warnings: Schema.Array(Text)
})
export const RealityAbstain = event("reality_abstain", { score: Schema.Number, threshold: Schema.Number })
export const MemoryRecall = event("memory_recall", { count: Schema.Number, ids: Schema.Array(Schema.Number) })
export const PlanReady = event("plan_ready", { summary: Text })
export const PlanApproved = event("plan_approved", { by: Text })
export const PlanRejected = event("plan_rejected", { by: Text, reason: Schema.optional(Text) })
export const AttemptStarted = event("attempt_started", {
  attempt: Schema.Number,
  vendor: Text,
  model: Schema.NullOr(Text),
  resume: Schema.Boolean
})
export const AgentMessage = event("agent_message", { text: Text })
export const AgentToolUse = event("agent_tool_use", { tool: Text, summary: Text })
export const AgentToolResult = event("agent_tool_result", { tool: Text, ok: Schema.Boolean, summary: Text })
export const RateLimitBackoff = event("rate_limit_backoff", {
  attempt: Schema.Number,
  waitMs: Schema.Number,
  vendor: Text,
  /** `cli`: the agent CLI's own retry; `pipeline`: the attempt loop waits, then re-runs the attempt (none consumed). */
  by: Schema.optional(Schema.Literal("cli", "pipeline"))
})
export const ErrorClassified = event("error_classified", {
  key: Text,
  severity: Schema.Literal("recoverable", "hard"),
  hint: Text,
  evidence: Schema.Array(Text),
  /** The tool that printed the failure (`tsc`, `pytest`, …) and the rule that matched. */
  tool: Schema.optional(Schema.NullOr(Text)),
  rule: Schema.optional(Schema.NullOr(Text)),
  /** What failed: the agent run, a verification step, or the attempt changed nothing. */
  source: Schema.optional(Schema.Literal("agent", "pre", "build", "test", "lint", "changes")),
  /** The loop's decision: retry, continue (max turns), backoff, failover, fail, requeue, block. */
  action: Schema.optional(Text)
})
export const Escalated = event("escalated", { key: Text, reason: Text })
export const CostUpdate = event("cost_update", {
  /** This attempt's cost; null when the vendor does not report one (Codex, Gemini, command). */
  costUsd: Schema.NullOr(Usd),
  /** The task's known cost over all attempts, failed ones included; null while nothing is known. */
  totalUsd: Schema.NullOr(Usd),
  tokensIn: Schema.optional(Schema.Number),
  tokensOut: Schema.optional(Schema.Number)
})
export const VerifyStep = event("verify_step", { ...VerifyResult.fields, excerpt: Schema.optional(Text) })
export const BudgetWarning = event("budget_warning", { kind: Schema.Literal("usd", "wall"), used: Schema.Number, limit: Schema.Number })
export const BudgetExceeded = event("budget_exceeded", { kind: Schema.Literal("usd", "wall"), used: Schema.Number, limit: Schema.Number })
export const VendorFailover = event("vendor_failover", { fromVendor: Text, toVendor: Text, toModel: Schema.NullOr(Text) })
export const BackupModelSwitch = event("backup_model_switch", { vendor: Text, fromModel: Schema.NullOr(Text), toModel: Text })
export const PreflightPassed = event("preflight_passed", { files: Schema.Number })
export const PreflightFailed = event("preflight_failed", {
  violations: Schema.Array(Schema.Struct({ rule: Text, file: Text, hard: Schema.Boolean }))
})
export const Pushed = event("pushed", { branch: Text, commit: Text })
export const PrOpened = event("pr_opened", { url: Text, number: Schema.Number, reused: Schema.Boolean })
export const Committed = event("committed", { commit: Text, files: Schema.Number })
export const PatchesGenerated = event("patches_generated", { count: Schema.Number, insertions: Schema.Number, deletions: Schema.Number })
export const TaskRecovered = event("task_recovered", { fromWorker: Text })
export const Cancelled = event("cancelled", { by: Text })
export const ScheduleFired = event("schedule_fired", { scheduleId: Schema.Number, catchUp: Schema.Boolean })
export const ContextCompacted = event("context_compacted", { chars: Schema.Number })
export const DecisionRaised = event("decision_raised", { decisionId: Schema.Number, question: Text })
export const DecisionResolved = event("decision_resolved", { decisionId: Schema.Number, outcome: Schema.Literal("approved", "rejected", "edited") })
export const LogLine = event("log_line", { stream: Schema.Literal("stdout", "stderr", "system"), line: Text })

export const EventPayload = Schema.Union(
  StatusChanged, RepoMapBuilt, RealitySignal, RealityAbstain, MemoryRecall, PlanReady, PlanApproved,
  PlanRejected, AttemptStarted, AgentMessage, AgentToolUse, AgentToolResult, RateLimitBackoff,
  ErrorClassified, Escalated, CostUpdate, VerifyStep, BudgetWarning, BudgetExceeded, VendorFailover,
  BackupModelSwitch, PreflightPassed, PreflightFailed, Pushed, PrOpened, Committed, PatchesGenerated,
  TaskRecovered, Cancelled, ScheduleFired, ContextCompacted, DecisionRaised, DecisionResolved, LogLine
)
export type EventPayload = typeof EventPayload.Type
export type EventType = EventPayload["type"]

/** A stored event: an increasing id, the task and run it belongs to, and its typed payload. */
export class PipelineEvent extends Schema.Class<PipelineEvent>("PipelineEvent")({
  id: Schema.Number,
  taskId: Schema.NullOr(Schema.Number),
  runId: Schema.NullOr(Schema.Number),
  at: Schema.DateFromSelf,
  payload: EventPayload
}) {}
