/** Output lines as measured on the real CLIs (AGENT-CLIS.md) for signals the mocks do not produce. */
import { assert, describe, it } from "@effect/vitest"
import * as Claude from "../../src/agents/Claude.js"
import type { Parser } from "../../src/agents/Cli.js"
import * as Codex from "../../src/agents/Codex.js"
import * as Gemini from "../../src/agents/Gemini.js"

const feed = (parser: Parser, stdout: ReadonlyArray<unknown>, stderr: ReadonlyArray<string> = []) => {
  const events = stdout.flatMap((line) => parser.stdout(typeof line === "string" ? line : JSON.stringify(line)).events)
  const errEvents = stderr.flatMap((line) => parser.stderr(line).events)
  return [...events, ...errEvents]
}

describe("CLI output parsers", () => {
  it("Claude: api_retry events become rate_limit_backoff; the 429 result is a rate limit", () => {
    const parser = Claude.parser("anthropic")()
    const events = feed(parser, [
      { type: "system", subtype: "api_retry", attempt: 1, max_retries: 10, retry_delay_ms: 1193, error_status: 429, error: "rate_limit", session_id: "s1" },
      { type: "result", subtype: "success", is_error: true, num_turns: 1, api_error_status: 429, api_error_type: "rate_limit_error", terminal_reason: "api_error", result: "API Error: Request rejected (429)", total_cost_usd: 0, session_id: "s1" }
    ])
    assert.deepStrictEqual(events, [{ type: "rate_limit_backoff", attempt: 1, waitMs: 1193, vendor: "anthropic", by: "cli" }])
    const outcome = parser.outcome(1)
    assert.strictEqual(outcome.errorClass, "agent.rate_limited")
    assert.isTrue(outcome.rateLimited)
    assert.strictEqual(outcome.sessionId, "s1")
  })

  it("Claude: an HTTP 500/529 retry is not a rate limit (no rate_limit_backoff, not rate limited)", () => {
    const parser = Claude.parser("anthropic")()
    const events = feed(parser, [
      { type: "system", subtype: "api_retry", attempt: 1, max_retries: 10, retry_delay_ms: 600, error_status: 500, error: "server_error", session_id: "s1" },
      { type: "system", subtype: "api_retry", attempt: 2, max_retries: 10, retry_delay_ms: 1200, error_status: 529, error: "overloaded", session_id: "s1" },
      { type: "result", subtype: "success", is_error: true, num_turns: 1, api_error_status: 500, terminal_reason: "api_error", result: "API Error: 500 Internal server error", session_id: "s1" }
    ])
    assert.deepStrictEqual(events.map((e) => e.type), ["log_line", "log_line"])
    assert.include(JSON.stringify(events[1]), "529")
    const outcome = parser.outcome(1)
    assert.isFalse(outcome.rateLimited)
    assert.strictEqual(outcome.errorClass, "agent.failed")
    assert.include(outcome.errorExcerpt ?? "", "500")
  })

  it("Gemini: turns are model round trips, also when rounds hold only tool calls", () => {
    const parser = Gemini.parser()
    const use = (id: string) => ({ type: "tool_use", tool_name: "run_shell_command", tool_id: id, parameters: { command: `echo ${id}` } })
    const result = (id: string) => ({ type: "tool_result", tool_id: id, status: "success", output: id })
    feed(parser, [
      { type: "init", session_id: "g", model: "gemini-2.5-pro" },
      { type: "message", role: "user", content: "go" },
      use("a"), use("b"), result("a"), result("b"), // round 1: two calls in one response
      use("c"), result("c"), // round 2: a call, no text
      { type: "message", role: "assistant", content: "Now the last step.", delta: true }, use("d"), result("d"), // round 3
      { type: "message", role: "assistant", content: "done", delta: true }, // round 4
      { type: "result", status: "success", stats: { input_tokens: 10, output_tokens: 2 } }
    ])
    assert.strictEqual(parser.outcome(0).turns, 4)
    assert.strictEqual(parser.outcome(0).costUsd, null)
    assert.strictEqual(parser.outcome(0).sessionId, "g")
  })

  it("Claude: a subscription usage limit carries its reset time; error_max_turns is max turns", () => {
    const limited = Claude.parser("anthropic")()
    feed(limited, [{ type: "result", subtype: "success", is_error: true, result: "Claude AI usage limit reached|1767225600", session_id: "s" }])
    const outcome = limited.outcome(1)
    assert.strictEqual(outcome.errorClass, "agent.usage_limit")
    assert.strictEqual(outcome.usageLimit?.resetAt?.getTime(), 1767225600_000)

    const turns = Claude.parser("anthropic")()
    feed(turns, [{ type: "result", subtype: "error_max_turns", is_error: true, num_turns: 2, errors: ["Reached maximum number of turns (1)"], terminal_reason: "max_turns" }])
    assert.strictEqual(turns.outcome(1).errorClass, "agent.max_turns")
    assert.include(turns.outcome(1).errorExcerpt ?? "", "maximum number of turns")
  })

  it("Gemini: retries on stderr become rate_limit_backoff; exit 173 is a rate limit, exit 53 max turns", () => {
    const parser = Gemini.parser()
    const events = feed(parser, [
      { type: "init", session_id: "g1", model: "gemini-2.5-pro" },
      { type: "result", status: "error", error: { type: "unknown", message: "[API Error: Mock 429: Resource has been exhausted (e.g. check quota)." }, stats: {} }
    ], ["Attempt 1 failed: You have exhausted your capacity (429 Too Many Requests). Retrying after 5991ms..."])
    assert.deepStrictEqual(events, [{ type: "rate_limit_backoff", attempt: 1, waitMs: 5991, vendor: "google", by: "cli" }])
    assert.strictEqual(parser.outcome(173).errorClass, "agent.rate_limited")
    // The CLI drops the refused turn from the session, which then cannot be resumed (exit 42).
    assert.isNull(parser.outcome(173).sessionId)

    const turns = Gemini.parser()
    feed(turns, [{ type: "result", status: "error", error: { type: "FatalTurnLimitedError", message: "Reached max session turns" } }])
    assert.strictEqual(turns.outcome(53).errorClass, "agent.max_turns")
  })

  it("Codex: reconnect notices and turn.failed with 429 are a rate limit; usage is read from turn.completed", () => {
    const parser = Codex.parser()
    const events = feed(parser, [
      { type: "thread.started", thread_id: "t1" },
      { type: "error", message: "Reconnecting... 1/5 (exceeded retry limit, last status: 429 Too Many Requests)" },
      { type: "turn.failed", error: { message: "exceeded retry limit, last status: 429 Too Many Requests" } }
    ])
    assert.deepStrictEqual(events, [{ type: "rate_limit_backoff", attempt: 1, waitMs: 0, vendor: "openai", by: "cli" }])
    assert.strictEqual(parser.outcome(1).errorClass, "agent.rate_limited")

    const ok = Codex.parser()
    feed(ok, [
      { type: "thread.started", thread_id: "t2" },
      { type: "item.completed", item: { id: "item_1", type: "command_execution", command: "/bin/bash -lc 'ls'", aggregated_output: "a\n", exit_code: 0, status: "completed" } },
      { type: "item.completed", item: { id: "item_2", type: "agent_message", text: "done" } },
      { type: "turn.completed", usage: { input_tokens: 3000, cached_input_tokens: 0, output_tokens: 60, reasoning_output_tokens: 5 } }
    ])
    const outcome = ok.outcome(0)
    assert.deepStrictEqual([outcome.errorClass, outcome.finalText, outcome.tokensIn, outcome.tokensOut, outcome.turns], [null, "done", 3000, 65, 2])
  })

  it("garbage lines yield nothing and end as bad output, for every CLI", () => {
    for (const parser of [Claude.parser("anthropic")(), Gemini.parser(), Codex.parser()]) {
      assert.deepStrictEqual(feed(parser, ["Welcome!", "{broken", "[1,2]", "null"]), [])
      assert.strictEqual(parser.outcome(0).errorClass, "agent.bad_output")
    }
  })
})
