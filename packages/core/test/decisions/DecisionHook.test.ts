/**
 * Decisions asked by the real Claude Code (`anthropic` and `glm`) through its PreToolUse hook, in the
 * real pipeline and worker, against the scripted Anthropic-protocol server on loopback: a publish is
 * stopped before it runs and the task waits for a person without a slot; approval queues it, the next
 * prompt carries the answer and the same command then runs; a harmless command needs no decision.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Decisions from "../../src/decisions/Decisions.js"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Runs } from "../../src/store/Runs.js"
import { Tasks } from "../../src/store/Tasks.js"
import { cliPath } from "../support/AgentClis.js"
import { runToEnd, untilSettled } from "../support/Loop.js"
import { lastUserText } from "../support/models/Anthropic.js"
import * as Pipeline from "../support/Pipeline.js"

const claude = cliPath("claude")

let repoReady = false
const createTask = (title: string, vendor: "anthropic" | "glm") =>
  Effect.gen(function*() {
    const f = yield* Pipeline.Fixture
    if (!repoReady) {
      yield* (yield* Repos).add({ name: "decide", provider: "gitea", cloneUrl: f.forge.url }, Redacted.make(Pipeline.secrets.forgeToken))
      repoReady = true
    }
    const task = yield* (yield* Tasks).create({ title, repo: "decide", vendor })
    f.anthropic.cwd = f.worktreeOf(task.key)
    f.glm.cwd = f.worktreeOf(task.key)
    return task
  })

const withDecisions = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.provide(self, Decisions.layer)
const eventsOf = (taskId: number) => Effect.flatMap(Events, (e) => e.list({ taskId, limit: 10_000 }))

// A stand-in `npm` (a shell function) keeps the test off the registry; the command still says `npm publish`.
const PUBLISH = "npm() { :; }; npm publish; echo published > published.txt"

describe.skipIf(claude === null)("decisions asked by Claude Code's PreToolUse hook", () => {
  layer(Pipeline.layer({ bins: { claude }, stallMinutes: 1 }), { timeout: "300 seconds", excludeTestServices: true })((it) => {
    it.effect("a publish waits for a person (not run, the task blocked off the worker); approved, the next prompt says so and it runs", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const task = yield* createTask("Release the package", "anthropic")
        // Resumed, the session's denied call and the new prompt form one user message (1 tool result):
        // step 1 is the model trying again once it reads the approval.
        f.anthropic.script = [{ shell: PUBLISH }, { shell: PUBLISH }, { text: "published" }]
        const marker = path.join(f.worktreeOf(task.key), "published.txt")

        const waiting = yield* runToEnd(task)
        assert.strictEqual(waiting.status, "blocked", waiting.blockedReason ?? "")
        assert.isTrue(waiting.blockedReason?.startsWith(Decisions.DECISION_PENDING), waiting.blockedReason ?? "")
        assert.isFalse(fs.existsSync(marker), "the command never ran")
        const pending = yield* withDecisions(Effect.flatMap(Decisions.Decisions, (d) => d.pending(task.key)))
        assert.strictEqual(pending.length, 1)
        assert.include(pending[0]!.question, "npm publish")
        assert.include(pending[0]!.question, "publishes a package")
        const raised = (yield* eventsOf(task.id)).flatMap((e) => (e.payload.type === "decision_raised" ? [e.payload] : []))
        assert.deepStrictEqual(raised.map((e) => e.decisionId), [pending[0]!.id])
        const runs = yield* Effect.flatMap(Runs, (r) => r.forTask(task.id))
        assert.deepStrictEqual(runs.map((r) => [r.status, r.errorClass]), [["cancelled", "decision_pending"]])

        // The hook's settings and secret live in the run's home, never in the worktree, events or log.
        assert.deepStrictEqual(fs.readdirSync(f.worktreeOf(task.key)).filter((n) => n !== ".git"), ["README.md"])
        const home = path.join(f.dataDir, "agent-home", task.key, "anthropic", ".devserver")
        const secret = /"x-devserver-hook": "([0-9a-f]{64})"/.exec(fs.readFileSync(path.join(home, "decision-hook.cjs"), "utf8"))?.[1]
        assert.isString(secret)
        assert.notInclude(JSON.stringify(yield* eventsOf(task.id)), secret!)
        assert.notInclude(fs.readFileSync(path.join(f.dataDir, "logs", task.key, `run-${runs[0]!.id}.log`), "utf8"), secret!)

        const before = f.anthropic.requests.length
        yield* withDecisions(Effect.flatMap(Decisions.Decisions, (d) => d.resolve(pending[0]!.id, "approved", "alice", "yes, publish it")))
        // the worker may claim it at once: look for the move to queued, not at the last move
        const moves = (yield* eventsOf(task.id)).flatMap((e) => (e.payload.type === "status_changed" ? [e.payload] : []))
        const blockedAt = moves.map((m) => m.to).lastIndexOf("blocked")
        assert.deepStrictEqual(moves.slice(blockedAt + 1, blockedAt + 2).map((m) => [m.to, m.reason]), [["queued", "decisions resolved by alice"]], "approval queues the task again")
        const done = yield* untilSettled(task.key)
        const story = (yield* Effect.flatMap(Runs, (r) => r.forTask(task.id))).map((r) => `${r.status} ${r.errorClass} ${r.errorExcerpt}`).join("\n")
        assert.strictEqual(done.status, "review", story)
        assert.strictEqual(fs.readFileSync(marker, "utf8"), "published\n", "the approved command ran")
        const prompts = f.anthropic.requests.slice(before).filter((r) => r.method === "POST").map((r) => lastUserText(r.body))
        const told = prompts.find((p) => p.includes("## Decisions a person made"))
        assert.isDefined(told, prompts.join("\n---\n").slice(0, 2000))
        assert.include(told!, "npm publish")
        assert.include(told!, "approved: yes, publish it")
        assert.deepStrictEqual(yield* withDecisions(Effect.flatMap(Decisions.Decisions, (d) => d.pending(task.key))), [], "not asked again")
      }), 300_000)

    it.effect("a harmless command needs no decision", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const task = yield* createTask("List the files", "anthropic")
        f.anthropic.script = [{ shell: "ls > listing.txt" }, { text: "listed" }]
        const done = yield* runToEnd(task)
        assert.strictEqual(done.status, "review", done.blockedReason ?? "")
        assert.include(fs.readFileSync(path.join(f.worktreeOf(task.key), "listing.txt"), "utf8"), "README.md")
        assert.deepStrictEqual((yield* eventsOf(task.id)).filter((e) => e.payload.type === "decision_raised"), [])
        assert.deepStrictEqual(yield* withDecisions(Effect.flatMap(Decisions.Decisions, (d) => d.pending(task.key))), [])
      }), 300_000)

    it.effect("GLM (Claude Code on the Anthropic-compatible endpoint) asks too", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const task = yield* createTask("Release from GLM", "glm")
        f.glm.script = [{ shell: PUBLISH }, { text: "published" }]
        const done = yield* runToEnd(task)
        assert.strictEqual(done.status, "blocked", done.blockedReason ?? "")
        assert.include(done.blockedReason ?? "", "npm publish")
        assert.isFalse(fs.existsSync(path.join(f.worktreeOf(task.key), "published.txt")))
        assert.strictEqual((yield* withDecisions(Effect.flatMap(Decisions.Decisions, (d) => d.pending(task.key)))).length, 1)
      }), 300_000)
  })
})
