import { assert, describe, it } from "@effect/vitest"
import { Either } from "effect"
import { nextFire, parse } from "../../src/queue/ScheduleExpression.js"

const next = (expression: string, after: string, timezone = "UTC", anchor = after) =>
  nextFire(Either.getOrThrow(parse(expression, timezone)), new Date(after), new Date(anchor)).toISOString()

describe("ScheduleExpression", () => {
  it("reads presets", () => {
    assert.strictEqual(next("@hourly", "2026-03-01T10:15:00Z"), "2026-03-01T11:00:00.000Z")
    assert.strictEqual(next("@daily", "2026-03-01T10:15:00Z"), "2026-03-02T00:00:00.000Z")
    assert.strictEqual(next("every 30m", "2026-03-01T10:15:00Z", "UTC", "2026-03-01T10:00:00Z"), "2026-03-01T10:30:00.000Z")
    assert.strictEqual(next("every 2h", "2026-03-01T10:15:00Z", "UTC", "2026-03-01T09:00:00Z"), "2026-03-01T11:00:00.000Z")
    assert.strictEqual(next("every 2h", "2026-03-01T11:00:00Z", "UTC", "2026-03-01T09:00:00Z"), "2026-03-01T13:00:00.000Z", "strictly after")
  })

  it("honours the minutes of HH:MM and the schedule's time zone", () => {
    assert.strictEqual(next("07:30", "2026-01-15T00:00:00Z"), "2026-01-15T07:30:00.000Z")
    assert.strictEqual(next("07:30", "2026-01-15T00:00:00Z", "Europe/Berlin"), "2026-01-15T06:30:00.000Z")
    assert.strictEqual(next("07:30", "2026-07-15T00:00:00Z", "Europe/Berlin"), "2026-07-15T05:30:00.000Z", "summer time")
    assert.strictEqual(next("23:45", "2026-01-15T23:50:00Z"), "2026-01-16T23:45:00.000Z")
    assert.strictEqual(next("30 9 * * 1-5", "2026-01-16T10:00:00Z", "America/New_York"), "2026-01-16T14:30:00.000Z")
  })

  it("refuses what it cannot read, naming the field", () => {
    for (const [expression, timezone, field] of [
      ["every 0m", "UTC", "expression"],
      ["25:00", "UTC", "expression"],
      ["sometimes", "UTC", "expression"],
      ["@daily", "Mars/Olympus", "timezone"]
    ] as const) {
      const result = parse(expression, timezone)
      assert.isTrue(Either.isLeft(result) && result.left.field === field, `${expression} in ${timezone}`)
    }
  })
})
