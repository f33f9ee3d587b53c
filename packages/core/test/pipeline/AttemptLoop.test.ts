/**
 * The attempt loop end to end with the `command` vendor (no model API): real git, real processes,
 * real verification, the real worker and TaskRunner on a fresh database.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Duration, Effect, Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { TaskRunner } from "../../src/queue/TaskRunner.js"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Runs } from "../../src/store/Runs.js"
import { Settings } from "../../src/store/Settings.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as Forge from "../support/Forge.js"
import { answerTest, runToEnd } from "../support/Loop.js"
import * as Pipeline from "../support/Pipeline.js"

let repoReady = false
const createTask = (title: string, extra: Record<string, unknown>) =>
  Effect.gen(function*() {
    const f = yield* Pipeline.Fixture
    if (!repoReady) {
      yield* (yield* Repos).add({ name: "loop", provider: "gitea", cloneUrl: f.forge.url, commands: { test: answerTest } }, Redacted.make(Pipeline.secrets.forgeToken))
      repoReady = true
    }
    return yield* (yield* Tasks).create({ title, repo: "loop", vendor: "command", ...extra })
  })

const payloads = (taskId: number) => Effect.map(Effect.flatMap(Events, (e) => e.list({ taskId, limit: 10_000 })), (es) => es.map((e) => e.payload))

describe("the attempt loop with the command vendor", () => {
  layer(Pipeline.layer({ bins: {} }), { timeout: "120 seconds", excludeTestServices: true })((it) => {
    it.effect("a script that fails the test on attempt 1 and fixes it when its prompt file holds the hint ends in review after two attempts", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const script = [
          `cp "$DEVSERVER_PROMPT_FILE" "prompt-$DEVSERVER_ATTEMPT.md.txt"`,
          `if [ "$DEVSERVER_ATTEMPT" = 2 ] && grep -q "expected 41 to be 42" "$DEVSERVER_PROMPT_FILE"; then echo 42 > answer.txt; else echo 41 > answer.txt; fi`
        ].join("; ")
        const task = yield* createTask("Fix the answer", { description: script })
        const done = yield* runToEnd(task)
        assert.strictEqual(done.status, "review", done.blockedReason ?? "")

        const runs = yield* Effect.flatMap(Runs, (r) => r.forTask(task.id))
        assert.deepStrictEqual(runs.map((r) => [r.attempt, r.status]), [[1, "failed"], [2, "succeeded"]])
        assert.deepStrictEqual(runs[0]!.verification.map((v) => [v.step, v.ok, v.exitCode]), [["test", false, 1]])
        assert.deepStrictEqual(runs[1]!.verification.map((v) => [v.step, v.ok]), [["test", true]])
        assert.isNotNull(runs[0]!.errorClass)

        const wt = f.worktreeOf(task.key)
        assert.strictEqual(fs.readFileSync(path.join(wt, "answer.txt"), "utf8"), "42\n")
        // Attempt 2's prompt file: the full task prompt plus the remediation block.
        const second = fs.readFileSync(path.join(wt, "prompt-2.md.txt"), "utf8")
        assert.include(second, `Task ${task.key}: Fix the answer`)
        assert.include(second, "The previous attempt failed")
        assert.include(second, "expected 41 to be 42")
        assert.notInclude(fs.readFileSync(path.join(wt, "prompt-1.md.txt"), "utf8"), "The previous attempt failed")
        assert.strictEqual(Forge.run(wt, "status", "--porcelain"), "")

        const events = yield* payloads(task.id)
        const types = events.map((e) => e.type)
        const classified = events.find((e) => e.type === "error_classified")
        assert.strictEqual(classified?.type === "error_classified" && classified.source, "test")
        assert.strictEqual(classified?.type === "error_classified" && classified.action, "retry")
        assert.deepStrictEqual(events.filter((e) => e.type === "verify_step").map((e) => e.type === "verify_step" && [e.step, e.ok]), [["test", false], ["test", true]])
        assert.include(types, "log_line")
        const statuses = events.filter((e) => e.type === "status_changed").map((e) => e.type === "status_changed" && e.to)
        assert.deepStrictEqual(statuses, ["pending", "queued", "running", "verifying", "running", "verifying", "review"])
        // Unknown cost stays unknown.
        const costs = events.filter((e) => e.type === "cost_update")
        assert.isTrue(costs.every((e) => e.type === "cost_update" && e.costUsd === null && e.totalUsd === null))
      }), 120_000)

    it.effect("the daily spend cap: once today's spend reaches it, a task goes back to the queue until tomorrow without an attempt", () =>
      Effect.gen(function*() {
        const spender = yield* createTask("Spent money earlier", { description: "true" })
        const runs = yield* Runs
        const paid = yield* runs.start({ taskId: spender.id, attempt: 1, vendor: "anthropic", model: null, workerId: "w" })
        yield* runs.finish(paid.id, { status: "failed", costUsd: 2.5 })
        const settings = yield* Settings
        yield* settings.set("dailySpendCapUsd", 2)
        const task = yield* createTask("Over the cap", { description: "echo 42 > answer.txt" })
        const outcome = yield* Effect.flatMap(TaskRunner, (r) => Effect.scoped(r.run(task, { workerId: "test-worker" }))).pipe(
          Effect.ensuring(Effect.orDie(settings.set("dailySpendCapUsd", null)))
        )
        assert.strictEqual(outcome.status, "queued")
        assert.include(outcome.reason ?? "", "daily spend cap reached: 2.5 of 2 USD")
        const delay = outcome.status === "queued" ? Duration.toMillis(Duration.decode(outcome.delay ?? 0)) : 0
        assert.isAbove(delay, 0)
        assert.isAtMost(delay, 86_400_000)
        assert.deepStrictEqual(yield* runs.forTask(task.id), [], "no attempt was started")
      }), 120_000)
  })
})
