/**
 * Failure classes: what went wrong in an attempt, as the classifier names it. Pure schemas, so the
 * pipeline, events, storage and the web UI share one vocabulary.
 */
import { Schema } from "effect"

/** The class of a failure; `unknown` when no rule matched. */
export const ErrorClassKey = Schema.Literal(
  "syntax_error",
  "type_error",
  "missing_symbol",
  "missing_module",
  "missing_dependency",
  "dependency_install",
  "link_error",
  "lint_error",
  "test_failure",
  "runtime_error",
  "borrow_check",
  "crash",
  "out_of_memory",
  "killed",
  "timeout",
  "disk_full",
  "permission_denied",
  "command_not_found",
  "vcs_conflict",
  "vcs_nothing_to_commit",
  "vcs_push_rejected",
  "vcs_ref_not_found",
  "vcs_detached_head",
  "agent_api_rate_limit",
  "agent_api_overloaded",
  "agent_api_connection",
  "agent_config",
  "agent_turn_limit",
  "unknown"
)
export type ErrorClassKey = typeof ErrorClassKey.Type

/** `hard`: retrying the same vendor will not help (escalate); `recoverable`: a retry with the hint may. */
export const Severity = Schema.Literal("hard", "recoverable")
export type Severity = typeof Severity.Type

/** The verdict on one failure output. */
export const Classification = Schema.Struct({
  /** The failure class. */
  class: ErrorClassKey,
  severity: Severity,
  /** The tool that printed the failure (`tsc`, `pytest`, `cargo`, …), or null when unknown. */
  tool: Schema.NullOr(Schema.String),
  /** The id of the rule that matched, or null when none did. */
  rule: Schema.NullOr(Schema.String),
  /** What the agent should do next, in one or two sentences. */
  hint: Schema.String,
  /** The lines of the output that show the failure (at most a few). */
  evidence: Schema.Array(Schema.String)
})
export type Classification = typeof Classification.Type
