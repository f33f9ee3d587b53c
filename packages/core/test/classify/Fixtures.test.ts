import { describe, expect, it } from "@effect/vitest"
import { classify } from "../../src/classify/Classifier.js"
import { rules } from "../../src/classify/Rules.js"
import { loadFixtures } from "./Fixture.js"

const fixtures = loadFixtures()
const results = fixtures.map((fixture) => ({ fixture, got: classify(fixture.output) }))

describe("the classifier on real tool output", () => {
  it.each(results.map((r) => [r.fixture.name, r] as const))("%s", (_name, { fixture, got }) => {
    expect({ class: got.class, rule: got.rule }).toEqual({ class: fixture.expectClass, rule: fixture.expectRule })
    if (got.class !== "unknown") expect(got.evidence.length).toBeGreaterThan(0)
    expect(got.hint).not.toMatch(/\{\w+\}/)
  })

  it("is right on every fixture (accuracy printed)", () => {
    const right = results.filter((r) => r.got.class === r.fixture.expectClass && r.got.rule === r.fixture.expectRule)
    const captured = results.filter((r) => !r.fixture.handWritten)
    const capturedRight = right.filter((r) => !r.fixture.handWritten)
    console.log(
      `classifier accuracy: ${right.length}/${results.length} fixtures ` +
        `(${((100 * right.length) / results.length).toFixed(1)} %), captured from real tools ${capturedRight.length}/${captured.length}, ` +
        `hand-written ${right.length - capturedRight.length}/${results.length - captured.length}`
    )
    expect(right.map((r) => r.fixture.name)).toEqual(results.map((r) => r.fixture.name))
  })

  it("has at least 40 rules with unique ids, each proven by a fixture", () => {
    expect(rules.length).toBeGreaterThanOrEqual(40)
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length)
    const proven = new Set(fixtures.map((f) => f.expectRule))
    expect(rules.map((rule) => rule.id).filter((id) => !proven.has(id))).toEqual([])
  })

  it("has a fixture captured from the real tool for every rule whose tool runs here", () => {
    const captured = new Set(fixtures.filter((f) => !f.handWritten).map((f) => f.expectRule))
    const handOnly = rules.map((rule) => rule.id).filter((id) => !captured.has(id))
    expect(handOnly).toEqual(handWrittenRules)
  })
})

/** Rules whose tool cannot run on this machine: no .NET SDK in Debian; Gradle and kotlinc too heavy to install. */
const handWrittenRules: ReadonlyArray<string> = [
  "gradle/dependency",
  "kotlinc/unresolved",
  "kotlinc/type-mismatch",
  "nuget/restore",
  "csc/missing-name",
  "csc/syntax",
  "csc/error",
  "dotnet/test-failed",
  "dotnet/unhandled-exception"
]
