/** The `glm` mapping (Claude Code at a second, bearer-token endpoint) and the `command` vendor. */
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Runs } from "../../src/store/Runs.js"
import { Settings } from "../../src/store/Settings.js"
import { Tasks } from "../../src/store/Tasks.js"
import { cliPath } from "../support/AgentClis.js"
import * as Forge from "../support/Forge.js"
import * as Pipeline from "../support/Pipeline.js"
import { createTask, runThroughWorker } from "./scenarios.js"

const claude = cliPath("claude")

describe("vendors", () => {
  layer(Pipeline.layer({ bins: { claude } }), { timeout: "120 seconds", excludeTestServices: true })((it) => {
    it.effect.skipIf(claude === null)("glm runs Claude Code against its own endpoint with a bearer token", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const task = yield* createTask("glm", "GLM writes a file", { model: "glm-4.6" })
        f.glm.cwd = f.worktreeOf(task.key)
        f.glm.script = [{ write: "glm.txt", content: "from glm\n" }, { text: "done" }]
        const anthropicBefore = f.anthropic.requests.length
        const done = yield* runThroughWorker(task)
        assert.strictEqual(done.status, "review")
        const calls = f.glm.requests.filter((r) => r.method === "POST")
        assert.isNotEmpty(calls)
        for (const call of calls) {
          assert.strictEqual(call.headers.authorization, `Bearer ${Pipeline.secrets.glm}`)
          assert.isUndefined(call.headers["x-api-key"])
          assert.strictEqual(call.body.model, "glm-4.6")
        }
        assert.strictEqual(f.anthropic.requests.length, anthropicBefore, "nothing went to the anthropic endpoint")
        assert.include(Forge.run(f.worktreeOf(task.key), "show", "--name-only", "--format=%s", "HEAD"), "glm.txt")
        const [run] = yield* (yield* Runs).forTask(task.id)
        assert.strictEqual(run!.vendor, "glm")
        assert.isAbove(run!.tokensIn ?? 0, 0)
      }), 120_000)

    it.effect("command runs a shell command in the worktree: output as log lines, exit code decides, changes committed", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const task = yield* createTask("command", "Generate a file", {
          description: "echo generated > generated.txt && echo line-one && echo line-two >&2"
        })
        const done = yield* runThroughWorker(task)
        assert.strictEqual(done.status, "review")
        const wt = f.worktreeOf(task.key)
        assert.strictEqual(fs.readFileSync(path.join(wt, "generated.txt"), "utf8"), "generated\n")
        assert.include(Forge.run(wt, "show", "--name-only", "--format=%s", "HEAD"), "generated.txt")
        const lines = (yield* (yield* Events).list({ taskId: task.id })).flatMap((e) => (e.payload.type === "log_line" ? [e.payload.line] : []))
        assert.includeMembers(lines, ["line-one", "line-two"])
        const [run] = yield* (yield* Runs).forTask(task.id)
        assert.strictEqual(run!.exitCode, 0)
        assert.isNull(run!.sessionId)

        const failing = yield* createTask("command", "Fail", { description: "echo about to fail; exit 3" })
        assert.strictEqual((yield* runThroughWorker(failing)).status, "failed")
        const [failed] = yield* (yield* Runs).forTask(failing.id)
        assert.strictEqual(failed!.exitCode, 3)
        assert.isNotNull(failed!.errorClass)
      }), 60_000)

    it.effect("a task naming no vendor, without a repo, takes the defaultVendor setting, read live", () =>
      Effect.gen(function*() {
        yield* (yield* Settings).set("defaultVendor", "command")
        const task = yield* (yield* Tasks).create({ title: "Scratch job", gitFlow: "untracked", description: "echo from-the-setting; echo done > out.txt" })
        assert.isNull(task.vendor)
        const done = yield* runThroughWorker(task)
        yield* (yield* Settings).set("defaultVendor", "anthropic")
        assert.strictEqual(done.status, "review")
        const [run] = yield* (yield* Runs).forTask(task.id)
        assert.strictEqual(run!.vendor, "command")
        const lines = (yield* (yield* Events).list({ taskId: task.id })).flatMap((e) => (e.payload.type === "log_line" ? [e.payload.line] : []))
        assert.include(lines, "from-the-setting")
      }), 60_000)

    it.effect("a local repo: patch work lands on agent/<key> and the user's branch is back; a dirty tree blocks the task", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const dir = path.join(f.dataDir, "..", "user-checkout")
        Forge.run(path.dirname(dir), "clone", "--quiet", f.forge.path, dir)
        Forge.run(dir, "checkout", "--quiet", "-b", "my-work")
        yield* (yield* Repos).add({ name: "mine", provider: "local", localPath: dir })
        const task = yield* (yield* Tasks).create({ title: "Local patch", repo: "mine", vendor: "command", gitFlow: "patch", description: "echo patched > patched.txt" })
        assert.strictEqual((yield* runThroughWorker(task)).status, "review")
        assert.strictEqual(Forge.run(dir, "rev-parse", "--abbrev-ref", "HEAD"), "my-work")
        assert.include(Forge.run(dir, "show", "--name-only", "--format=%s", `agent/${task.key}`), "patched.txt")
        assert.isFalse(fs.existsSync(path.join(dir, "patched.txt")))

        fs.writeFileSync(path.join(dir, "README.md"), "the user's unsaved work\n")
        const dirty = yield* (yield* Tasks).create({ title: "Blocked", repo: "mine", vendor: "command", gitFlow: "patch", description: "echo no > no.txt" })
        const blocked = yield* runThroughWorker(dirty)
        assert.strictEqual(blocked.status, "blocked")
        assert.include(blocked.blockedReason ?? "", "uncommitted changes")
        assert.strictEqual(fs.readFileSync(path.join(dir, "README.md"), "utf8"), "the user's unsaved work\n")
        assert.isFalse(fs.existsSync(path.join(dir, "no.txt")))
      }), 60_000)
  })
})
