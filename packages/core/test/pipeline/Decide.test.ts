import { assert, describe, it } from "@effect/vitest"
import { type Action, type BudgetState, decide, type Failure, type LoopState } from "../../src/pipeline/Decide.js"

const now = new Date("2026-12-02T10:00:00Z")
const state = (over: Partial<LoopState> = {}): LoopState => ({ classes: [], attempts: 1, maxAttempts: 3, waits: 0, backupLeft: false, now, ...over })
const failure = (cls: Failure["class"], over: Partial<Failure> = {}): Failure => ({ class: cls, severity: "recoverable", usageLimit: null, ...over })
const ok: BudgetState = { _tag: "ok" }
const policy = { waitsMs: [30_000, 60_000, 120_000], jitter: 0.2 }
const tag = (a: Action) => a._tag

describe("Decide", () => {
  it("a recoverable failure retries until attempts run out; then the task fails (or fails over)", () => {
    assert.deepStrictEqual(decide(state(), failure("test_failure"), ok, policy), { _tag: "retry", continuation: false })
    assert.deepStrictEqual(decide(state({ classes: ["type_error"], attempts: 2 }), failure("test_failure"), ok, policy), { _tag: "retry", continuation: false })
    const exhausted = decide(state({ classes: ["type_error", "lint_error"], attempts: 3 }), failure("test_failure"), ok, policy)
    assert.deepStrictEqual([exhausted._tag, "escalated" in exhausted && exhausted.escalated], ["fail", false])
    assert.strictEqual(tag(decide(state({ classes: ["type_error", "lint_error"], attempts: 3, backupLeft: true }), failure("test_failure"), ok, policy)), "failover")
  })

  it("the same class twice in a row escalates; the same class with another in between does not", () => {
    const twice = decide(state({ classes: ["test_failure"], attempts: 2 }), failure("test_failure"), ok, policy)
    assert.deepStrictEqual(twice, { _tag: "fail", reason: "test_failure twice in a row", escalated: true })
    assert.strictEqual(tag(decide(state({ classes: ["test_failure"], attempts: 2, backupLeft: true }), failure("test_failure"), ok, policy)), "failover")
    assert.strictEqual(tag(decide(state({ classes: ["test_failure", "type_error"], attempts: 2, maxAttempts: 5 }), failure("test_failure"), ok, policy)), "retry")
  })

  it("a hard class escalates at once, even on the first attempt", () => {
    const hard = decide(state(), failure("command_not_found", { severity: "hard" }), ok, policy)
    assert.deepStrictEqual(hard, { _tag: "fail", reason: "command_not_found is a hard failure", escalated: true })
    assert.strictEqual(tag(decide(state({ backupLeft: true }), failure("disk_full", { severity: "hard" }), ok, policy)), "failover")
  })

  it("a rate limit backs off 30/60/120 s plus jitter without consuming an attempt, then gives the vendor up", () => {
    const rl = failure("agent_api_rate_limit")
    const waits = [0, 1, 2].map((w) => decide(state({ waits: w, attempts: 3 }), rl, ok, policy, 0.5))
    assert.deepStrictEqual(waits, [
      { _tag: "backoff", waitMs: 33_000, wait: 1 },
      { _tag: "backoff", waitMs: 66_000, wait: 2 },
      { _tag: "backoff", waitMs: 132_000, wait: 3 }
    ])
    assert.deepStrictEqual(decide(state({ waits: 3, backupLeft: true }), rl, ok, policy), { _tag: "failover", reason: "still rate limited after 3 waits", escalated: true })
    assert.strictEqual(tag(decide(state({ waits: 3 }), rl, ok, policy)), "fail")
    // Millisecond waits in tests.
    assert.deepStrictEqual(decide(state(), rl, ok, { waitsMs: [5], jitter: 0 }), { _tag: "backoff", waitMs: 5, wait: 1 })
  })

  it("an overloaded model API (HTTP 500/529) is not a rate limit: it is retried as an attempt", () => {
    assert.deepStrictEqual(decide(state(), failure("agent_api_overloaded"), ok, policy), { _tag: "retry", continuation: false })
  })

  it("max turns continues the session on the next attempt", () => {
    assert.deepStrictEqual(decide(state(), failure("agent_turn_limit"), ok, policy), { _tag: "retry", continuation: true })
  })

  it("a usage window fails over when a backup exists, else re-queues after its reset", () => {
    const reset = new Date(now.getTime() + 2 * 3_600_000)
    const usage = failure("agent_api_rate_limit", { usageLimit: { resetAt: reset } })
    assert.strictEqual(tag(decide(state({ backupLeft: true }), usage, ok, policy)), "failover")
    assert.deepStrictEqual(decide(state(), usage, ok, policy), { _tag: "requeue", delayMs: 2 * 3_600_000, reason: "usage limit reached; waiting for its reset" })
    assert.strictEqual((decide(state(), failure("agent_api_rate_limit", { usageLimit: { resetAt: null } }), ok, policy) as { delayMs: number }).delayMs, 3_600_000)
  })

  it("an exceeded budget blocks, before any other rule and without failover", () => {
    const over: BudgetState = { _tag: "exceeded", kind: "usd", used: 1.234, limit: 1 }
    const blocked = decide(state({ backupLeft: true }), failure("test_failure"), over, policy)
    assert.deepStrictEqual(blocked, { _tag: "block", reason: "budget exceeded: usd 1.23 of 1", budget: { kind: "usd", used: 1.234, limit: 1 } })
    assert.strictEqual(tag(decide(state(), failure("agent_api_rate_limit"), over, policy)), "block")
  })
})
