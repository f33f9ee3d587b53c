import { assert, describe, it } from "@effect/vitest"
import * as Budget from "../../src/budget/Budget.js"
import { msUntilNextDay } from "../../src/budget/Spend.js"

describe("Budget", () => {
  const limits = { maxUsd: 1, maxWallMs: 100_000 }

  it("warns once per kind at 80 %, not before and not again", () => {
    assert.deepStrictEqual(Budget.warnings(limits, { usd: 0.79, wallMs: 10_000 }, new Set()), [])
    assert.deepStrictEqual(Budget.warnings(limits, { usd: 0.8, wallMs: 85_000 }, new Set()), [
      { kind: "usd", used: 0.8, limit: 1 },
      { kind: "wall", used: 85, limit: 100 }
    ])
    assert.deepStrictEqual(Budget.warnings(limits, { usd: 0.9, wallMs: 85_000 }, new Set(["usd"])).map((r) => r.kind), ["wall"])
  })

  it("is exceeded at 100 % of either cap; no caps, never", () => {
    assert.isNull(Budget.exceeded(limits, { usd: 0.99, wallMs: 99_999 }))
    assert.deepStrictEqual(Budget.exceeded(limits, { usd: 1, wallMs: 0 }), { kind: "usd", used: 1, limit: 1 })
    assert.deepStrictEqual(Budget.exceeded(limits, { usd: 0, wallMs: 100_000 }), { kind: "wall", used: 100, limit: 100 })
    assert.isNull(Budget.exceeded({ maxUsd: null, maxWallMs: null }, { usd: 1e9, wallMs: 1e12 }))
  })

  it("a running agent gets only the wall time that is left", () => {
    assert.strictEqual(Budget.wallLeftMs(limits, { usd: 0, wallMs: 70_000 }), 30_000)
    assert.strictEqual(Budget.wallLeftMs(limits, { usd: 0, wallMs: 170_000 }), 0)
    assert.strictEqual(Budget.wallLeftMs({ maxUsd: null, maxWallMs: null }, { usd: 0, wallMs: 1 }), Infinity)
  })

  it("the daily cap resets at the next UTC midnight", () => {
    assert.strictEqual(msUntilNextDay(new Date("2026-12-02T23:00:00Z")), 3_600_000)
  })
})
