/** Failures of the agent CLIs themselves (Claude Code, Codex, Gemini CLI): API limits, auth, turns. */
import type { Rule } from "./Rule.js"

export const agentRules: ReadonlyArray<Rule> = [
  {
    id: "agent/rate-limit",
    class: "agent_api_rate_limit",
    tool: "agent",
    match: /^.*(?:"api_error_status":429|"error_status":429|429 Too Many Requests|Request rejected \(429\)|RESOURCE_EXHAUSTED|rate_limit_error).*$/m,
    hint: "The model API is rate limiting: wait and re-run the same attempt; do not change the code."
  }
]
