/**
 * The grounding step end to end with the real worker and the `command` vendor, whose prompt file is
 * the prompt an LLM agent would get: memory recall, the reality gate, and the plan gate (a plan
 * awaiting approval holds no worker slot; approval queues the task and the plan reaches the agent).
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as PlanGate from "../../src/gates/PlanGate.js"
import * as LlmLive from "../../src/llm/LlmLive.js"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Settings } from "../../src/store/Settings.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as LlmServer from "../support/models/LlmServer.js"
import { runToEnd, untilSettled } from "../support/Loop.js"
import * as Pipeline from "../support/Pipeline.js"

const KEY = "sk-plan"
const PLAN = { summary: "Write the greeting file", approach: "one file", steps: ["create hello.txt"], files_to_touch: ["hello.txt"], risks: [], acceptance_check: "hello.txt exists" }

/** A system LLM whose every answer is the plan above. */
const llm = Layer.unwrapScoped(Effect.map(LlmServer.make(KEY), (server) => {
  server.answer = JSON.stringify(PLAN)
  const endpoint = { apiKey: Redacted.make(KEY), baseUrl: server.url }
  return LlmLive.layer({ anthropic: endpoint, glm: endpoint, openai: endpoint, "openai-chat": endpoint, google: endpoint })
})).pipe(Layer.orDie)

let repoReady = false
const createTask = (key: string, title: string, description: string, extra: Record<string, unknown> = {}) =>
  Effect.gen(function*() {
    const f = yield* Pipeline.Fixture
    if (!repoReady) {
      yield* (yield* Repos).add({ name: "ground", provider: "gitea", cloneUrl: f.forge.url }, Redacted.make(Pipeline.secrets.forgeToken))
      repoReady = true
    }
    return yield* (yield* Tasks).create({ key, title, description, repo: "ground", vendor: "command", gitFlow: "patch", ...extra })
  })

/** A command agent that keeps its prompt and writes `file`. */
const agent = (file: string) => `cp "$DEVSERVER_PROMPT_FILE" "../prompt-$(basename "$PWD").txt"; echo hi > ${file}`
const promptOf = (f: Pipeline.PipelineFixture, key: string) => fs.readFileSync(path.join(path.dirname(f.worktreeOf(key)), `prompt-${path.basename(f.worktreeOf(key))}.txt`), "utf8")

describe("grounding: memory, reality and the plan gate", () => {
  layer(Pipeline.layer({ bins: {}, llm }), { timeout: "300 seconds", excludeTestServices: true })((it) => {
    it.effect("a fourth similar task recalls the earlier tasks' records first, in its prompt", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        for (const [key, title] of [["M-1", "Fix the login timeout in the session middleware"], ["M-2", "Add CSV export to reports"], ["M-3", "Log the login timeout reason"]] as const) {
          const done = yield* runToEnd(yield* createTask(key, title, agent(`${key}.txt`)))
          assert.strictEqual(done.status, "review", done.blockedReason ?? "")
        }
        const fourth = yield* createTask("M-4", "Make the login timeout configurable", agent("M-4.txt"))
        assert.strictEqual((yield* runToEnd(fourth)).status, "review")
        const prompt = promptOf(f, "M-4")
        const section = (prompt.split("## What earlier tasks on this repository learned")[1] ?? "").split("\n## ")[0]!
        const order = [...section.matchAll(/^- (M-\d):/gm)].map((m) => m[1])
        // The agents' command lines (their descriptions) share words too: relevance decides the order.
        assert.deepStrictEqual(order.slice(0, 2).sort(), ["M-1", "M-3"], `recalled in order ${order.join(", ")}`)
        const events = (yield* Effect.flatMap(Events, (e) => e.list({ taskId: fourth.id }))).map((e) => e.payload.type)
        assert.includeMembers(events, ["memory_recall", "reality_signal"])
      }), 300_000)

    it.effect("below the abstain threshold a task is blocked before any agent process starts", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        yield* Effect.flatMap(Settings, (s) => s.set("abstainThreshold", 60))
        const task = yield* createTask("R-1", "Fix `QuantumCache.invalidateAll` in src/cache/quantum.ts", agent("R-1.txt"))
        const done = yield* runToEnd(task)
        yield* Effect.flatMap(Settings, (s) => s.set("abstainThreshold", 0))
        assert.strictEqual(done.status, "blocked")
        assert.include(done.blockedReason ?? "", "abstained")
        assert.include(done.blockedReason ?? "", "QuantumCache.invalidateAll")
        assert.isFalse(fs.existsSync(path.join(f.worktreeOf("R-1"), "R-1.txt")), "no agent ran")
      }), 120_000)

    it.effect("a plan awaiting approval holds no slot; approval queues the task and the plan reaches the agent", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        yield* Effect.flatMap(Settings, (s) => s.set("maxConcurrency", 1))
        const planned = yield* createTask("P-1", "Greet the user", agent("hello.txt"), { mode: "interactive" })
        const waiting = yield* runToEnd(planned)
        assert.deepStrictEqual([waiting.status, waiting.blockedReason], ["blocked", PlanGate.PLAN_AWAITING])
        // Another task runs meanwhile on the single slot.
        const other = yield* createTask("P-2", "Something else", agent("other.txt"))
        assert.strictEqual((yield* runToEnd(other)).status, "review")
        yield* Effect.flatMap(PlanGate.PlanGate, (g) => g.approve("P-1", "alice")).pipe(Effect.provide(PlanGate.layer))
        // Approval queued it: the worker claims it by itself.
        const done = yield* untilSettled("P-1")
        assert.strictEqual(done.status, "review", done.blockedReason ?? "")
        const prompt = promptOf(f, "P-1")
        assert.include(prompt, "## Approved plan (a contract: stay within it)")
        assert.include(prompt, "Files to touch (changes elsewhere block delivery): hello.txt")
      }), 300_000)
  })
})
