import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as RepoMapMemory from "../../src/repomap/RepoMapMemory.js"

describe("RepoMapMemory", () => {
  it.effect("answers the scripted map and records what was asked", () =>
    Effect.gen(function* () {
      const map = yield* RepoMapMemory.make("src/a.ts:\n  export const a = 1\n")
      const result = yield* map.service.build("/repo", { taskText: "change a", tokenBudget: 500 })
      assert.strictEqual(result.text, "src/a.ts:\n  export const a = 1\n")
      assert.strictEqual(result.stats.chars, result.text.length)
      assert.deepStrictEqual(yield* map.calls, [{ root: "/repo", options: { taskText: "change a", tokenBudget: 500 } }])
    }))
})
