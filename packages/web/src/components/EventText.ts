/** One line of text for any event type: what the timeline and the log views print. */
import type { EventRow } from "../lib/createEventFeed.js"
import { duration, usd } from "../lib/format.js"

export const eventText = (event: EventRow): string => {
  const p = event.payload
  switch (p.type) {
    case "status_changed": return `${p.from ?? "new"} → ${p.to}${p.reason ? ` (${p.reason})` : ""}`
    case "log_line": return p.line
    case "agent_message": return p.text
    case "agent_tool_use": return `${p.tool}: ${p.summary}`
    case "agent_tool_result": return `${p.tool} ${p.ok ? "ok" : "failed"}: ${p.summary}`
    case "attempt_started": return `attempt ${p.attempt} with ${p.vendor}${p.model ? ` / ${p.model}` : ""}${p.resume ? " (resumed)" : ""}`
    case "repo_map_built": return `${p.files} files, ${p.symbols} symbols, ${p.chars} chars in ${p.ms} ms${p.truncated ? " (truncated)" : ""}`
    case "cost_update": return `${usd(p.costUsd)} this attempt, ${usd(p.totalUsd)} in total`
    case "verify_step": return `${p.step} ${p.ok ? "passed" : "failed"} in ${duration(p.durationMs)}${p.excerpt ? `: ${p.excerpt}` : ""}`
    case "error_classified": return `${p.key} (${p.severity}): ${p.hint}`
    case "escalated": return `${p.key}: ${p.reason}`
    case "rate_limit_backoff": return `${p.vendor} rate-limited; waiting ${duration(p.waitMs)}`
    case "vendor_failover": return `${p.fromVendor} → ${p.toVendor}${p.toModel ? ` / ${p.toModel}` : ""}`
    case "backup_model_switch": return `${p.vendor}: ${p.fromModel ?? "default"} → ${p.toModel}`
    case "budget_warning":
    case "budget_exceeded": return `${p.kind === "usd" ? `${usd(p.used)} of ${usd(p.limit)}` : `${duration(p.used * 1000)} of ${duration(p.limit * 1000)}`}`
    case "pr_opened": return `${p.reused ? "updated" : "opened"} PR #${p.number}: ${p.url}`
    case "pushed": return `${p.branch} @ ${p.commit.slice(0, 10)}`
    case "committed": return `${p.commit.slice(0, 10)}, ${p.files} files`
    case "patches_generated": return `${p.count} patches, +${p.insertions} −${p.deletions}`
    case "preflight_failed": return p.violations.map((v) => `${v.rule} in ${v.file}`).join("; ")
    case "preflight_passed": return `${p.files} files checked`
    case "cancelled": return `by ${p.by}`
    case "task_recovered": return `from worker ${p.fromWorker}`
    case "plan_ready": return p.summary
    case "memory_recall": return `${p.count} ${p.count === 1 ? "memory" : "memories"} recalled`
    case "reality_signal": return `score ${p.score}, confidence ${p.confidence}${p.warnings.length ? `: ${p.warnings.join("; ")}` : ""}`
    case "reality_abstain": return `score ${p.score} below ${p.threshold}: abstained`
    case "decision_raised": return p.question
    default: {
      const { type: _type, ...rest } = p as { type: string }
      return JSON.stringify(rest)
    }
  }
}

/** Events that belong in a log view (output of the agent), as opposed to pipeline steps. */
export const isOutput = (event: EventRow): boolean =>
  event.payload.type === "log_line" || event.payload.type === "agent_message" || event.payload.type === "agent_tool_use" || event.payload.type === "agent_tool_result"
