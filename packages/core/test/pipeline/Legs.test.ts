import { assert, describe, it } from "@effect/vitest"
import type { Task } from "../../src/domain/Task.js"
import { legsOf } from "../../src/pipeline/Prepare.js"
import * as Prompt from "../../src/pipeline/Prompt.js"

const task = (over: Partial<Task>) => ({ key: "T-1", title: "Fix it", description: "the bug", acceptance: "tests pass", gitFlow: "pr", skipVerification: false, backupVendor: null, backupModel: null, ...over }) as Task
const primary = { vendor: "anthropic", model: "opus" }

describe("vendor legs and retry prompts", () => {
  it("a backup vendor fails over (its own model or default); a backup model alone switches the model; a backup equal to the primary is none", () => {
    assert.deepStrictEqual(legsOf(task({}), primary), [primary])
    assert.deepStrictEqual(legsOf(task({ backupVendor: "openai" }), primary), [primary, { vendor: "openai", model: null }])
    assert.deepStrictEqual(legsOf(task({ backupModel: "sonnet" }), primary), [primary, { vendor: "anthropic", model: "sonnet" }])
    assert.deepStrictEqual(legsOf(task({ backupVendor: "anthropic", backupModel: "opus" }), primary), [primary])
  })

  it("a resumed retry gets only the remediation block; a fresh retry the full task plus the block", () => {
    const t = task({})
    const worktree = { taskKey: "T-1", path: "/w", branch: "agent/T-1", baseCommit: "abc", continued: false, local: false }
    const block = "The previous attempt failed: test_failure (recoverable).\nHint: read the failing test."
    const resumed = Prompt.remediation(t, block)
    assert.include(resumed, "Hint: read the failing test.")
    assert.notInclude(resumed, "## Instructions")
    assert.notInclude(resumed, "the bug")
    const fresh = Prompt.retry({ task: t, repo: null, worktree }, block)
    for (const part of ["Task T-1: Fix it", "the bug", "tests pass", "## Instructions", `## ${Prompt.remediationTitle}`, "Hint: read the failing test."]) assert.include(fresh, part)
    assert.isBelow(fresh.indexOf("## Instructions"), fresh.length)
    assert.include(Prompt.continuation(t), "Continue exactly where you stopped")
  })
})
