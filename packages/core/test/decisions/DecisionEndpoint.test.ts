/**
 * The worker's decision endpoint and Claude Code's hook script, without the CLI: the secret guards
 * the endpoint; a harmless action is allowed, a side effect is denied and stops the run, after which
 * everything is denied; a rejected action is denied with the person's answer and not asked again; the
 * hook script turns answers into Claude Code's hook output and fails closed when the worker is gone.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import type { AgentRequest } from "../../src/agents/AgentBackend.js"
import * as Claude from "../../src/agents/Claude.js"
import * as DecisionHook from "../../src/decisions/DecisionHook.js"
import * as Decisions from "../../src/decisions/Decisions.js"
import { Runs } from "../../src/store/Runs.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as TempDir from "../support/TempDir.js"
import * as TestStore from "../support/TestStore.js"

const layer = Decisions.layer.pipe(Layer.provideMerge(TestStore.layer))

const post = (hook: DecisionHook.DecisionHook, body: string, secret = Redacted.value(hook.endpoint.secret)) =>
  Effect.promise(async () => {
    const res = await fetch(hook.endpoint.url, { method: "POST", headers: { "content-type": "application/json", "x-devserver-hook": secret }, body })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  })
const bash = (command: string) => JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command, description: "x" } })

/** Runs the hook script Claude Code would run, with `stdin` (asynchronously: the endpoint lives in this process). */
const runHook = (endpoint: { url: string; secret: Redacted.Redacted<string> }, stdin: string) =>
  Effect.promise(async () => {
  const home = TempDir.make("devserver-hook-")
  try {
    const worktree = path.join(home, "worktree")
    const request = { taskKey: "H-1", prompt: "p", cwd: worktree, model: null, maxTurns: null, resumeSessionId: null, billingMode: "api", timeoutMs: 1000, configHome: home, logFile: path.join(home, "log"), onEvent: () => Effect.void, decisionHook: endpoint } satisfies AgentRequest
    const launch = Claude.make({ bin: "claude", apiKey: null, baseUrl: null, defaultModel: null, maxRetries: null, extraConfig: [] }, { vendor: "anthropic", auth: "ANTHROPIC_API_KEY" }).launch(request)
    const settingsPath = launch.args[launch.args.indexOf("--settings") + 1]!
    assert.isTrue(settingsPath.startsWith(home) && !settingsPath.startsWith(worktree), "the settings file is outside the worktree")
    for (const [rel, content] of Object.entries(launch.files)) {
      fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true })
      fs.writeFileSync(path.join(home, rel), content)
    }
    const command = JSON.parse(fs.readFileSync(settingsPath, "utf8")).hooks.PreToolUse[0].hooks[0].command as string
    const child = spawn("/bin/sh", ["-c", command], { stdio: ["pipe", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()))
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()))
    child.stdin.end(stdin)
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
    return { code, stdout, stderr }
  } finally {
    fs.rmSync(home, { recursive: true, force: true })
  }
  })

describe("the decision endpoint and hook", () => {
  it.scoped("allow, block and stop, then a person's rejection is the answer", () =>
    Effect.gen(function*() {
      const decisions = yield* Decisions.Decisions
      const task = yield* (yield* Tasks).create({ key: "H-1", title: "Ship it" })
      const run = yield* (yield* Runs).start({ taskId: task.id, attempt: 1, vendor: "anthropic", model: null, workerId: "w", branch: "agent/H-1" })
      const hook = yield* DecisionHook.make(decisions, task.id, run.id)

      assert.strictEqual((yield* post(hook, bash("git push origin main"), "0".repeat(64))).status, 403)
      assert.strictEqual((yield* post(hook, "not json")).status, 400)
      assert.deepStrictEqual((yield* post(hook, bash("ls -la"))).body, { verdict: "allow", reason: "allowed", stop: false })
      const pushed = yield* post(hook, bash("git push origin main"))
      assert.deepStrictEqual([pushed.body.verdict, pushed.body.stop], ["deny", true])
      assert.include(String(pushed.body.reason), "a person must decide")
      const raised = yield* hook.raised
      assert.strictEqual(raised?.question, "git push origin main")
      assert.strictEqual((yield* post(hook, bash("ls"))).body.verdict, "deny", "nothing else runs once the run must stop")

      yield* decisions.resolve(raised!.decisionId, "rejected", "bob", "never push from the agent")
      const next = yield* DecisionHook.make(decisions, task.id, run.id)
      const again = yield* post(next, bash("git push origin main"))
      assert.deepStrictEqual([again.body.verdict, again.body.stop], ["deny", false])
      assert.include(String(again.body.reason), "never push from the agent")
      assert.deepStrictEqual(yield* decisions.pending("H-1"), [], "not asked again")
      assert.isNull(yield* next.raised)

      const denied = yield* runHook(next.endpoint, bash("git push origin main"))
      assert.strictEqual(denied.code, 0)
      const output = JSON.parse(denied.stdout)
      assert.deepStrictEqual([output.hookSpecificOutput.permissionDecision, output.continue], ["deny", undefined])
      const allowed = yield* runHook(next.endpoint, bash("ls"))
      assert.deepStrictEqual([allowed.code, allowed.stdout], [0, ""])
    }).pipe(Effect.provide(layer)), 120_000)

  it.effect("the hook fails closed when the worker cannot answer", () =>
    Effect.gen(function*() {
      const closed = yield* runHook({ url: "http://127.0.0.1:9/decide", secret: Redacted.make("x".repeat(64)) }, bash("ls"))
      assert.strictEqual(closed.code, 2, closed.stderr)
      assert.include(closed.stderr, "is not allowed")
    }), 60_000)
})
