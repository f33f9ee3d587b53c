/**
 * The attempt loop's must-show scenarios with the real agent CLIs (Claude Code primary, Codex backup)
 * against scripted model servers on loopback, real git, real verification and the real worker.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { EventPayload } from "../../src/domain/PipelineEvent.js"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Runs } from "../../src/store/Runs.js"
import { Tasks } from "../../src/store/Tasks.js"
import { processes } from "../agents/scenarios.js"
import { cliPath } from "../support/AgentClis.js"
import { lastUserText } from "../support/models/Anthropic.js"
import * as Pipeline from "../support/Pipeline.js"
import { answerTest, runToEnd } from "../support/Loop.js"

const claude = cliPath("claude")
const codex = cliPath("codex")

let repoReady = false
const createTask = (title: string, extra: Record<string, unknown> = {}) =>
  Effect.gen(function*() {
    const f = yield* Pipeline.Fixture
    if (!repoReady) {
      yield* (yield* Repos).add({ name: "loopcli", provider: "gitea", cloneUrl: f.forge.url, commands: { test: answerTest } }, Redacted.make(Pipeline.secrets.forgeToken))
      repoReady = true
    }
    const task = yield* (yield* Tasks).create({ title, repo: "loopcli", vendor: "anthropic", ...extra })
    f.anthropic.cwd = f.worktreeOf(task.key)
    f.openai.cwd = f.worktreeOf(task.key)
    return task
  })

const payloads = (taskId: number) =>
  Effect.map(Effect.flatMap(Events, (e) => e.list({ taskId, limit: 10_000 })), (es) => es.map((e) => e.payload))
const ofType = <T extends EventPayload["type"]>(events: ReadonlyArray<EventPayload>, type: T) =>
  events.filter((e): e is Extract<EventPayload, { type: T }> => e.type === type)
const runsOf = (taskId: number) => Effect.flatMap(Runs, (r) => r.forTask(taskId))

/** Runs and decisions of a task, for failure messages. */
const story = (taskId: number) =>
  Effect.gen(function*() {
    const runs = (yield* runsOf(taskId)).map((r) => `run ${r.attempt} ${r.vendor} ${r.status} ${r.errorClass ?? ""} ${r.errorExcerpt ?? ""}`)
    const decisions = ofType(yield* payloads(taskId), "error_classified").map((e) => `${e.key}/${e.source} → ${e.action}`)
    return [...runs, ...decisions].join("\n")
  })

/** A shell step that writes 41 the first time and 42 once answer.txt exists (the "fix" of attempt 2). */
const answerStep = { shell: "if [ -f answer.txt ]; then echo 42 > answer.txt; else echo 41 > answer.txt; fi" } as const

let attemptCostUsd = 0

describe.skipIf(claude === null || codex === null)("the attempt loop on the real CLIs", () => {
  layer(Pipeline.layer({ bins: { claude, codex }, stallMinutes: 1 }), { timeout: "180 seconds", excludeTestServices: true })((it) => {
    it.effect("a failing test: class and hint recorded; attempt 2 resumes the session and the model receives the hint; review", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const task = yield* createTask("Make the answer 42")
        f.anthropic.script = [answerStep, { text: "answer written" }]
        const before = f.anthropic.requests.length
        const done = yield* runToEnd(task)
        assert.strictEqual(done.status, "review", yield* story(task.id))
        const runs = yield* runsOf(task.id)
        assert.deepStrictEqual(runs.map((r) => [r.attempt, r.status]), [[1, "failed"], [2, "succeeded"]])
        assert.strictEqual(runs[1]!.sessionId, runs[0]!.sessionId, "attempt 2 resumed attempt 1's session")
        assert.isNotNull(runs[0]!.errorClass)
        assert.isAbove(runs[0]!.costUsd ?? 0, 0, "a failed attempt's cost is recorded")
        attemptCostUsd = runs[0]!.costUsd!

        const events = yield* payloads(task.id)
        const classified = ofType(events, "error_classified")
        assert.strictEqual(classified.length, 1)
        assert.strictEqual(classified[0]!.source, "test")
        assert.deepStrictEqual(ofType(events, "attempt_started").map((e) => e.resume), [false, true])

        const resumed = f.anthropic.requests.slice(before).filter((r) => r.method === "POST" && lastUserText(r.body).includes("the last attempt failed"))
        assert.isNotEmpty(resumed, "the resumed session got the remediation block")
        const prompt = lastUserText(resumed[0]!.body)
        assert.include(prompt, "expected 41 to be 42")
        assert.strictEqual(classified[0]!.key, "test_failure")
        assert.include(prompt, classified[0]!.hint.slice(0, 40))
        assert.notInclude(prompt, "## Instructions", "a resumed session gets only the remediation block")
        assert.include(resumed[0]!.raw, "Make the answer 42", "the resumed request carries the earlier history")
        assert.strictEqual(fs.readFileSync(path.join(f.worktreeOf(task.key), "answer.txt"), "utf8"), "42\n")
      }), 180_000)

    it.effect("repeated 429s back off (no attempt consumed), then fail over to the backup vendor, which gets the full task and succeeds", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const task = yield* createTask("Rate limited, then the backup", { backupVendor: "openai" })
        f.anthropic.mode = "429"
        f.openai.script = [{ shell: "echo 42 > answer.txt" }, { text: "fixed" }]
        const before = f.openai.requests.length
        const done = yield* runToEnd(task).pipe(Effect.ensuring(Effect.sync(() => (f.anthropic.mode = "script"))))
        assert.strictEqual(done.status, "review", yield* story(task.id))
        const runs = yield* runsOf(task.id)
        // The primary's attempt ran 1 + 3 times (3 waits), all as attempt 1; the backup's is attempt 2.
        assert.deepStrictEqual(runs.map((r) => [r.attempt, r.vendor, r.status]), [
          [1, "anthropic", "failed"], [1, "anthropic", "failed"], [1, "anthropic", "failed"], [1, "anthropic", "failed"], [2, "openai", "succeeded"]
        ])
        assert.isTrue(runs.slice(0, 4).every((r) => r.errorClass === "agent_api_rate_limit"))
        const events = yield* payloads(task.id)
        assert.deepStrictEqual(ofType(events, "rate_limit_backoff").filter((e) => e.by === "pipeline").map((e) => [e.attempt, e.waitMs]), [[1, 20], [2, 40], [3, 80]])
        assert.deepStrictEqual(ofType(events, "vendor_failover").map((e) => [e.fromVendor, e.toVendor]), [["anthropic", "openai"]])
        assert.strictEqual(ofType(events, "escalated")[0]?.key, "agent_api_rate_limit")
        const first = f.openai.requests.slice(before).find((r) => r.method === "POST")
        assert.include(first?.raw ?? "", `Task ${task.key}: Rate limited, then the backup`, "the backup got the full task prompt")
        assert.include(first?.raw ?? "", "The previous attempt failed")
      }), 180_000)

    it.effect("the same class twice escalates; without a backup the task fails with the class", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const task = yield* createTask("Never right")
        f.anthropic.script = [{ shell: "echo 41 > answer.txt" }, { text: "done" }]
        const done = yield* runToEnd(task)
        assert.strictEqual(done.status, "failed")
        const runs = yield* runsOf(task.id)
        assert.strictEqual(runs.length, 2)
        assert.strictEqual(runs[0]!.errorClass, runs[1]!.errorClass)
        const events = yield* payloads(task.id)
        assert.deepStrictEqual(ofType(events, "escalated").map((e) => [e.key, e.reason]), [[runs[0]!.errorClass!, `${runs[0]!.errorClass} twice in a row`]])
        const failed = ofType(events, "status_changed").at(-1)!
        assert.strictEqual(failed.to, "failed")
        assert.include(failed.reason ?? "", runs[0]!.errorClass!)
      }), 180_000)

    it.effect("a hard class escalates at once: one attempt, failed", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const task = yield* createTask("Hard failure", { verifyCommands: { test: "frobnicate-the-widgets --check" } })
        f.anthropic.script = [{ shell: "echo 42 > answer.txt" }, { text: "done" }]
        const done = yield* runToEnd(task)
        assert.strictEqual(done.status, "failed")
        const runs = yield* runsOf(task.id)
        assert.deepStrictEqual(runs.map((r) => [r.status, r.errorClass]), [["failed", "command_not_found"]])
        const events = yield* payloads(task.id)
        assert.strictEqual(ofType(events, "error_classified")[0]?.severity, "hard")
        assert.strictEqual(ofType(events, "escalated")[0]?.key, "command_not_found")
      }), 180_000)

    it.effect("an HTTP 500 from the model API is no rate limit: no backoff, retried as an attempt, then escalated", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const task = yield* createTask("Server errors")
        f.anthropic.mode = "500"
        const done = yield* runToEnd(task).pipe(Effect.ensuring(Effect.sync(() => (f.anthropic.mode = "script"))))
        assert.strictEqual(done.status, "failed")
        const events = yield* payloads(task.id)
        assert.deepStrictEqual(ofType(events, "rate_limit_backoff"), [])
        const runs = yield* runsOf(task.id)
        assert.deepStrictEqual(runs.map((r) => r.attempt), [1, 2], "each server error consumed an attempt")
        assert.notInclude(runs.map((r) => r.errorClass), "agent_api_rate_limit")
        assert.strictEqual(ofType(events, "escalated").length, 1)
      }), 180_000)

    it.effect("the cost cap: failed attempts' cost counts, a warning at 80 %, blocked before the next attempt", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        assert.isAbove(attemptCostUsd, 0, "the first scenario measured one attempt's cost")
        const task = yield* createTask("Expensive", { maxUsd: attemptCostUsd * 1.2 })
        f.anthropic.script = [{ shell: "echo 40 > answer.txt" }, { text: "done" }]
        // Alternate classes so only the budget can stop it.
        const done = yield* runToEnd(task)
        assert.strictEqual(done.status, "blocked")
        assert.include(done.blockedReason ?? "", "budget exceeded: usd")
        const runs = yield* runsOf(task.id)
        assert.strictEqual(runs.length, 2, "attempt 3 never started")
        assert.isTrue(runs.every((r) => r.status === "failed" && (r.costUsd ?? 0) > 0))
        const events = yield* payloads(task.id)
        assert.deepStrictEqual(ofType(events, "budget_warning").map((e) => e.kind), ["usd"])
        assert.strictEqual(ofType(events, "error_classified").at(-1)?.action, "block")
      }), 180_000)

    it.effect("the wall budget stops a running agent: no process left, blocked", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const task = yield* createTask("Slow", { maxWallSeconds: 4 })
        const marker = `devserver-wall-${task.key}-${process.pid}`
        // Not `sleep N; …`: Claude Code itself refuses a long sleep chained before another command.
        f.anthropic.script = [{ shell: `node -e "setTimeout(() => console.log('${marker}'), 120000)"` }, { text: "never" }]
        const t0 = Date.now()
        const done = yield* runToEnd(task)
        assert.isBelow(Date.now() - t0, 60_000)
        assert.strictEqual(done.status, "blocked", JSON.stringify((yield* payloads(task.id)).filter((e) => e.type !== "log_line").slice(-6)))
        assert.include(done.blockedReason ?? "", "budget exceeded: wall")
        assert.deepStrictEqual(processes(f.worktreeOf(task.key), marker), [])
        const runs = yield* runsOf(task.id)
        assert.deepStrictEqual(runs.map((r) => [r.status, r.errorClass]), [["failed", "timeout"]], JSON.stringify(runs.map((r) => [r.status, r.errorClass, r.errorExcerpt])))
        assert.strictEqual(ofType(yield* payloads(task.id), "budget_exceeded")[0]?.kind, "wall")
      }), 180_000)
  })
})
