/**
 * Failures of the agent CLIs themselves (Claude Code, Codex, Gemini CLI): API limits, overload,
 * connection, auth and configuration, turn limits. Tried first: none of them says anything about the
 * code, and the agent's transcript may quote any tool output.
 */
import type { Rule } from "./Rule.js"

const wait = "do not change the code for this"

export const agentRules: ReadonlyArray<Rule> = [
  {
    id: "claude/turn-limit",
    class: "agent_turn_limit",
    tool: "claude",
    match: /"subtype":"error_max_turns"|Reached maximum number of turns/,
    hint: "The agent used all its turns: continue from where it stopped, finish the remaining steps with fewer, larger edits."
  },
  {
    id: "gemini/turn-limit",
    class: "agent_turn_limit",
    tool: "gemini",
    match: /FatalTurnLimitedError|Reached max session turns/,
    hint: "The agent used all its turns: continue from where it stopped, finish the remaining steps with fewer, larger edits."
  },
  {
    id: "claude/rate-limit",
    class: "agent_api_rate_limit",
    tool: "claude",
    match: /"api_error_status":429|"error_status":429|Request rejected \(429\)/,
    hint: `The model API is rate limiting this key: back off and re-run the same attempt; ${wait}.`
  },
  {
    id: "codex/rate-limit",
    class: "agent_api_rate_limit",
    tool: "codex",
    match: /(?:last|unexpected) status:? 429 Too Many Requests/,
    hint: `The model API is rate limiting this key: back off and re-run the same attempt; ${wait}.`
  },
  {
    id: "gemini/rate-limit",
    class: "agent_api_rate_limit",
    tool: "gemini",
    match: /RESOURCE_EXHAUSTED|Resource has been exhausted|request a quota increase/,
    hint: `The model API quota is exhausted: back off and re-run the same attempt; ${wait}.`
  },
  {
    id: "agent/overloaded",
    class: "agent_api_overloaded",
    tool: null,
    match: /"api_error_status":5\d\d|"type":"overloaded_error"|API Error: (?:5\d\d|Overloaded)|(?:last|unexpected) status:? 5\d\d |"status":"UNAVAILABLE"|The model is overloaded/,
    hint: `The model API is overloaded or failing on its side: back off and re-run the same attempt, or fail over; ${wait}.`
  },
  {
    id: "agent/auth",
    class: "agent_config",
    tool: null,
    match: /"api_error_status":40[13]|Invalid API key ·|"type":"authentication_error"|(?:last|unexpected) status:? 40[13] |API key not valid|Invalid auth method selected|Please set an Auth method|--dangerously-skip-permissions cannot be used with root/,
    hint: "The agent CLI is not authorised or not configured: fix the vendor's key or settings, or fail over to another vendor; retrying the same vendor will not help."
  },
  {
    id: "agent/connection",
    class: "agent_api_connection",
    tool: null,
    match: /API Error: Connection (?:error|refused)|Unable to connect to API|stream disconnected before completion|error sending request|Reconnecting\.\.\. waiting for network|Reconnecting\.\.\. \d+\/\d+ \((?!.*\b429\b)|"type":"result".*(?:fetch failed|ECONNREFUSED)/,
    hint: `The agent CLI could not reach the model API: check the network or base URL, then re-run the same attempt; ${wait}.`
  }
]
