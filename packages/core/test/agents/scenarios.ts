/**
 * The must-show scenarios of the agent backends, run for each real CLI through the real TaskRunner,
 * real git and a scripted model server speaking the vendor's protocol.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { Task } from "../../src/domain/Task.js"
import { Queue } from "../../src/queue/Queue.js"
import { TaskRunner } from "../../src/queue/TaskRunner.js"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Runs } from "../../src/store/Runs.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as Forge from "../support/Forge.js"
import { runToEnd } from "../support/Loop.js"
import type { MockServer } from "../support/models/MockServer.js"
import * as Pipeline from "../support/Pipeline.js"

// The worker's own secrets: present in this process, never in an agent's environment.
process.env.DATABASE_URL_FOR_TEST_ONLY = Pipeline.secrets.databaseUrl
process.env.TELEGRAM_BOT_TOKEN = Pipeline.secrets.telegram

export interface CliCase {
  readonly vendor: "anthropic" | "google" | "openai"
  readonly bin: string | null
  readonly mock: (f: Pipeline.PipelineFixture) => MockServer
}

let repoReady = false
export const createTask = (vendor: string, title: string, extra: Record<string, unknown> = {}) =>
  Effect.gen(function*() {
    const f = yield* Pipeline.Fixture
    if (!repoReady) {
      yield* (yield* Repos).add({ name: "demo", provider: "gitea", cloneUrl: f.forge.url, defaultVendor: "anthropic" }, Redacted.make(Pipeline.secrets.forgeToken))
      repoReady = true
    }
    return yield* (yield* Tasks).create({ title, repo: "demo", vendor, ...extra })
  })

/** Enqueues the task for the pipeline's real worker and waits until it leaves the queue and the worker. */
export const runThroughWorker = runToEnd

export const runTask = (task: Task) =>
  Effect.flatMap(TaskRunner, (runner) => Effect.scoped(runner.run(task, { workerId: "test-worker" })))

/** Pids of live processes whose cwd is inside `dir`, or whose command line contains `marker`. */
export const processes = (dir: string, marker?: string): Array<number> =>
  fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    if (pid === process.pid) return false
    try {
      const cwd = fs.readlinkSync(`/proc/${pid}/cwd`)
      if (cwd === dir || cwd.startsWith(`${dir}/`)) return true
      return marker !== undefined && fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").includes(marker)
    } catch {
      return false
    }
  })

const waitUntil = (what: string, check: () => boolean, ms = 60_000) =>
  Effect.gen(function*() {
    const deadline = Date.now() + ms
    while (!check()) {
      if (Date.now() > deadline) return yield* Effect.dieMessage(`timed out waiting for ${what}`)
      yield* Effect.sleep("100 millis")
    }
  })

const eventsOf = (taskId: number) => Effect.flatMap(Events, (events) => events.list({ taskId }))
const lastRun = (taskId: number) => Effect.flatMap(Runs, (runs) => runs.forTask(taskId)).pipe(Effect.map((rs) => rs[rs.length - 1]!))

/** The task's run logs, for failure messages. */
const logsOf = (f: Pipeline.PipelineFixture, key: string): string => {
  const dir = path.join(f.dataDir, "logs", key)
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((n) => fs.readFileSync(path.join(dir, n), "utf8")).join("\n") : "(no logs)"
}

/** Every file below `dir` (relative), `.git` excluded. */
const filesIn = (dir: string): Array<string> =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).includes(".git"))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))

export const scenarios = (c: CliCase) => {
  describe.skipIf(c.bin === null)(`${c.vendor} on the real CLI`, () => {
    layer(Pipeline.layer({ bins: { claude: c.bin, codex: c.bin, gemini: c.bin } }), { timeout: "120 seconds", excludeTestServices: true })((it) => {
      it.effect("writes a file, runs a command, commits on agent/<key>; events arrive while it runs; usage recorded", () =>
        Effect.gen(function*() {
          const f = yield* Pipeline.Fixture
          const mock = c.mock(f)
          const task = yield* createTask(c.vendor, "Create hello.txt")
          mock.cwd = f.worktreeOf(task.key)
          mock.mode = "script"
          mock.script = [
            { write: "hello.txt", content: "Hello from the mock model\n" },
            { shell: "cat hello.txt && echo ran > ran.txt" },
            // The last answer is slow, so the CLI is certainly still running when the earlier events land.
            { text: "done", delayMs: 1500 }
          ]
          const before = mock.requests.length
          const done = yield* runThroughWorker(task)
          assert.strictEqual(done.status, "review", logsOf(f, task.key))

          const wt = f.worktreeOf(task.key)
          assert.strictEqual(Forge.run(wt, "rev-parse", "--abbrev-ref", "HEAD"), `agent/${task.key}`)
          assert.strictEqual(Forge.run(wt, "status", "--porcelain"), "")
          const files = Forge.run(wt, "show", "--name-only", "--format=%an|%s%n%b", "HEAD")
          assert.include(files, `DevServer Agent|[${task.key}] Create hello.txt`)
          assert.include(files, `DevServer-Task: ${task.key}`)
          assert.include(files, "hello.txt")
          assert.include(files, "ran.txt")
          assert.strictEqual(fs.readFileSync(path.join(wt, "ran.txt"), "utf8"), "ran\n")

          const events = yield* eventsOf(task.id)
          const types = events.map((e) => e.payload.type)
          for (const t of ["repo_map_built", "attempt_started", "agent_tool_use", "agent_tool_result", "committed", "cost_update"]) assert.include(types, t)
          // The first prompt carries the repo map, of the repository's own files.
          const firstPost = mock.requests.slice(before).find((r) => r.method === "POST" && JSON.stringify(r.body).includes(task.key))
          assert.include(JSON.stringify(firstPost?.body ?? ""), "## Repository map")
          // What the CLI tells the model API about the workspace (Codex: the remotes of the worktree in
          // `x-codex-turn-metadata`) holds no credential: the forge token goes to git through askpass only.
          for (const request of mock.requests.slice(before)) {
            const wire = `${JSON.stringify(request.headers)}\n${request.raw}`
            for (const [name, value] of Object.entries(Pipeline.secrets).filter(([n]) => n !== c.vendor)) {
              assert.notInclude(wire, value, `${name} sent to the model API in ${request.method} ${request.path}`)
            }
          }
          if (c.vendor === "openai") {
            const header = mock.requests.slice(before).map((r) => r.headers["x-codex-turn-metadata"]).find((h) => typeof h === "string")
            const remotes = Object.values(JSON.parse(String(header)).workspaces ?? {}).map((w) => (w as { associated_remote_urls?: object }).associated_remote_urls)
            assert.deepStrictEqual(remotes, [{ origin: f.forge.url }], "the worktree's remote as the model API sees it")
          }
          const lastRequest = mock.requests.slice(before).filter((r) => r.method === "POST").at(-1)!
          const firstTool = events.find((e) => e.payload.type === "agent_tool_use")!
          // The CLI cannot exit before the mock answers its last request, 1.5 s after receiving it.
          assert.isBelow(firstTool.at.getTime(), lastRequest.at + 1500, "tool events must be stored before the CLI exits")

          const run = yield* lastRun(task.id)
          assert.strictEqual(run.status, "succeeded")
          assert.strictEqual(run.exitCode, 0)
          assert.isNotNull(run.sessionId)
          assert.isAbove(run.tokensIn ?? 0, 0)
          assert.isAbove(run.tokensOut ?? 0, 0)
          assert.isAbove(run.turns ?? 0, 1)
          if (c.vendor === "anthropic") assert.isAbove(run.costUsd ?? 0, 0)
          else assert.isNull(run.costUsd)
          const log = fs.readFileSync(path.join(f.dataDir, "logs", task.key, `run-${run.id}.log`), "utf8")
          assert.include(log, "hello.txt")
          // The runner notes when the CLI process exited: the first live event is well before it.
          const exitedAt = new Date(/^# exit \S+ at (\S+)$/m.exec(log)![1]!).getTime()
          assert.isBelow(firstTool.at.getTime(), exitedAt - 1000)
        }), 120_000)

      it.effect("requests carry no analytics opt-in (telemetry off)", () =>
        Effect.gen(function*() {
          const f = yield* Pipeline.Fixture
          const mock = c.mock(f)
          const task = yield* createTask(c.vendor, "Quiet please")
          mock.cwd = f.worktreeOf(task.key)
          mock.mode = "script"
          mock.script = [{ write: "quiet.txt", content: "quiet\n" }, { text: "done" }]
          const before = mock.requests.length
          const outcome = yield* runTask(task)
          assert.strictEqual(outcome.status, "review", `${JSON.stringify(outcome)} ${logsOf(f, task.key)}`)
          const sent = mock.requests.slice(before)
          assert.isNotEmpty(sent)
          for (const request of sent) {
            const wire = `${JSON.stringify(request.headers)}\n${request.raw}`
            assert.notMatch(wire, /analytics_enabled\\?"?\s*:\s*true/, `${request.method} ${request.path} opts in to analytics`)
          }
        }), 120_000)

      it.effect("a second run resumes the session: the model sees the earlier history", () =>
        Effect.gen(function*() {
          const f = yield* Pipeline.Fixture
          const mock = c.mock(f)
          const task = yield* createTask(c.vendor, "Resume me")
          mock.cwd = f.worktreeOf(task.key)
          mock.script = [{ write: "first.txt", content: "first\n" }, { text: "first done" }]
          assert.strictEqual((yield* runTask(task)).status, "review")
          const first = yield* lastRun(task.id)
          const before = mock.requests.length
          mock.script = [{ shell: "echo second > second.txt" }, { text: "second done" }]
          assert.strictEqual((yield* runTask(task)).status, "review")
          const second = yield* lastRun(task.id)
          assert.strictEqual(second.attempt, 2)
          assert.strictEqual(second.sessionId, first.sessionId)
          const started = (yield* eventsOf(task.id)).filter((e) => e.payload.type === "attempt_started").map((e) => e.payload)
          assert.deepStrictEqual(started.map((p) => (p as { resume: boolean }).resume), [false, true])
          const resumed = mock.requests.slice(before).find((r) => r.method === "POST" && r.raw.includes("Continue task"))!
          assert.isDefined(resumed, "the resumed run reached the model")
          assert.include(resumed.raw, "first.txt", "the resumed request carries the first run's history")
          assert.include(Forge.run(f.worktreeOf(task.key), "log", "--format=%s", "-2"), `[${task.key}] Resume me`)
          assert.isTrue(fs.existsSync(path.join(f.worktreeOf(task.key), "second.txt")))
        }), 120_000)

      it.effect("a 429 from the model API is recognised as a rate limit: backoff without consuming an attempt, then the task fails", () =>
        Effect.gen(function*() {
          const f = yield* Pipeline.Fixture
          const mock = c.mock(f)
          const task = yield* createTask(c.vendor, "Rate limited")
          mock.mode = "429"
          const outcome = yield* runTask(task).pipe(Effect.ensuring(Effect.sync(() => (mock.mode = "script"))))
          assert.strictEqual(outcome.status, "failed", JSON.stringify(outcome))
          const runs = yield* Effect.flatMap(Runs, (r) => r.forTask(task.id))
          // The attempt ran again after each of the 3 waits: still attempt 1.
          assert.deepStrictEqual(runs.map((r) => [r.attempt, r.status, r.errorClass]), Array(4).fill([1, "failed", "agent_api_rate_limit"]))
          const waits = (yield* eventsOf(task.id)).flatMap((e) => (e.payload.type === "rate_limit_backoff" && e.payload.by === "pipeline" ? [e.payload.attempt] : []))
          assert.deepStrictEqual(waits, [1, 2, 3])
        }), 120_000)

      it.effect("max turns ends the run as agent_turn_limit (a flag, a setting, or counted and stopped); the next attempt continues the session", () =>
        Effect.gen(function*() {
          const f = yield* Pipeline.Fixture
          const mock = c.mock(f)
          const task = yield* createTask(c.vendor, "Too many turns", { maxTurns: 2 })
          mock.cwd = f.worktreeOf(task.key)
          mock.script = [1, 2, 3, 4, 5, 6].map((i) => ({ shell: `echo turn-${i}` } as const)).concat([{ text: "never reached" } as never])
          const outcome = yield* runTask(task)
          assert.strictEqual(outcome.status, "failed", logsOf(f, task.key))
          const [first, second] = yield* Effect.flatMap(Runs, (r) => r.forTask(task.id))
          assert.strictEqual(first!.errorClass, "agent_turn_limit", logsOf(f, task.key))
          const during = mock.requests.filter((r) => r.at < (second?.startedAt.getTime() ?? Infinity))
          assert.isFalse(during.some((r) => r.raw.includes("turn-5")), "attempt 1 was stopped before turn 5")
          // Attempt 2 resumes the session with "continue" and gets max turns more (it only echoes, so
          // it ends honestly with nothing changed, or at the limit again).
          assert.isDefined(second)
          assert.isTrue(mock.requests.some((r) => r.raw.includes("You reached the turn limit")), "attempt 2 was told to continue")
        }), 120_000)

      it.effect("the same tool call repeated is killed as agent.stalled", () =>
        Effect.gen(function*() {
          const f = yield* Pipeline.Fixture
          const mock = c.mock(f)
          const task = yield* createTask(c.vendor, "Loop")
          mock.cwd = f.worktreeOf(task.key)
          // Past the end of a script the mock repeats its last step: the same call forever.
          mock.script = [{ shell: "echo again-and-again" }]
          const outcome = yield* runTask(task)
          assert.strictEqual(outcome.status, "failed")
          const run = yield* lastRun(task.id)
          assert.strictEqual(run.errorClass, "timeout", logsOf(f, task.key))
          assert.include(run.errorExcerpt ?? "", "agent.stalled: the same tool call")
        }), 120_000)

      it.effect("an agent that hangs is killed by stall detection, with its whole process group", () =>
        Effect.gen(function*() {
          const f = yield* Pipeline.Fixture
          const mock = c.mock(f)
          mock.mode = "hang"
          // A stall threshold of 3 s for this backend alone (the pipeline's keeps 30 s): the CLI waits for an
          // answer that never comes (Gemini CLI may still be starting, silently, when the 3 s are up). How
          // the pipeline classifies agent.stalled is shown by the repeated-tool-call scenario above.
          const backend = yield* Pipeline.backendWithBin(f, c.vendor, c.bin!, { stallMinutes: 0.05 })
          const key = `HANG-${c.vendor}`
          const cwd = path.join(f.dataDir, "hang")
          fs.mkdirSync(cwd, { recursive: true })
          const result = yield* backend.run({
            taskKey: key, prompt: "Hang", cwd, model: null, maxTurns: null, resumeSessionId: null, billingMode: "api", timeoutMs: 90_000,
            configHome: path.join(f.dataDir, "agent-home", key), logFile: path.join(f.dataDir, "logs", key, "run.log"), onEvent: () => Effect.void
          }).pipe(Effect.ensuring(Effect.sync(() => (mock.mode = "script"))))
          assert.strictEqual(result.errorClass, "agent.stalled", fs.readFileSync(path.join(f.dataDir, "logs", key, "run.log"), "utf8"))
          assert.match(result.errorExcerpt ?? "", /^no output for \d+ s$/)
          assert.deepStrictEqual(processes(cwd), [])
        }), 120_000)

      it.effect("cancel mid-run leaves no CLI process or child alive after 2 s", () =>
        Effect.gen(function*() {
          const f = yield* Pipeline.Fixture
          const mock = c.mock(f)
          const task = yield* createTask(c.vendor, "Cancel me")
          // A marker in the shell's command line; `tail` itself runs in the worktree.
          const marker = `devserver-cancel-${task.key}-${process.pid}-${Date.now()}`
          mock.cwd = f.worktreeOf(task.key)
          mock.script = [{ shell: `tail -f /dev/null; echo ${marker} > never.txt` }, { text: "never" }]
          yield* (yield* Queue).enqueue(task.key)
          yield* waitUntil("the agent's shell child", () => processes("/nonexistent", marker).length > 0).pipe(
            Effect.tapDefect(() => Effect.sync(() => console.error(logsOf(f, task.key))))
          )
          assert.isNotEmpty(processes(f.worktreeOf(task.key)))
          const t0 = Date.now()
          yield* (yield* Queue).cancel(task.key, "test")
          yield* waitUntil("no process left", () => processes(f.worktreeOf(task.key), marker).length === 0, 2000)
          assert.isBelow(Date.now() - t0, 2000)
          assert.strictEqual((yield* (yield* Tasks).get(task.key)).status, "cancelled")
          let run = yield* lastRun(task.id)
          for (let i = 0; i < 20 && run.status === "running"; i++) run = yield* Effect.zipRight(Effect.sleep("100 millis"), lastRun(task.id))
          assert.strictEqual(run.status, "cancelled")
          assert.isFalse(fs.existsSync(path.join(f.worktreeOf(task.key), "never.txt")))
        }), 120_000)

      it.effect("the agent's environment holds no foreign secret, its own key is masked in log and events; no settings file lands in the worktree", () =>
        Effect.gen(function*() {
          const f = yield* Pipeline.Fixture
          const mock = c.mock(f)
          const task = yield* createTask(c.vendor, "Print env", { gitFlow: "untracked" })
          mock.cwd = f.worktreeOf(task.key)
          mock.script = [{ shell: "env" }, { text: "env printed" }]
          const before = mock.requests.length
          // Printing the environment changes no file: an honest outcome says so.
          const outcome = yield* runTask(task)
          assert.strictEqual(outcome.status, "failed")
          assert.include(outcome.reason ?? "", "vcs_nothing_to_commit")
          const afterTool = mock.requests.slice(before).filter((r) => r.method === "POST").at(-1)!
          // The tool result (the env listing) went back to the model: it must be there, and clean.
          assert.include(afterTool.raw, "PATH=")
          assert.include(afterTool.raw, `HOME=${path.join(f.dataDir, "agent-home", task.key, c.vendor)}`)
          // Temporary files of the CLI and its tools go to the run's home, not the system's folder.
          assert.include(afterTool.raw, `TMPDIR=${path.join(f.dataDir, "agent-home", task.key, c.vendor, "tmp")}`)
          const forbidden = Object.entries(Pipeline.secrets).filter(([name]) => name !== c.vendor)
          for (const [name, value] of forbidden) assert.notInclude(afterTool.raw, value, `${name} leaked into the agent's environment`)
          assert.notInclude(afterTool.raw, "DATABASE_URL")
          // The agent's own key is in its environment, but never in the run log or the events.
          const run = yield* lastRun(task.id)
          const log = fs.readFileSync(path.join(f.dataDir, "logs", task.key, `run-${run.id}.log`), "utf8")
          assert.include(log, "PATH=")
          assert.include(afterTool.raw, Pipeline.secrets[c.vendor])
          assert.notInclude(log, Pipeline.secrets[c.vendor])
          assert.notInclude(JSON.stringify(yield* eventsOf(task.id)), Pipeline.secrets[c.vendor])
          assert.deepStrictEqual(filesIn(f.worktreeOf(task.key)).sort(), ["README.md"])
        }), 120_000)

      it.effect("a 1 MB prompt reaches the model whole, through stdin (not the command line)", () =>
        Effect.gen(function*() {
          const f = yield* Pipeline.Fixture
          const mock = c.mock(f)
          mock.mode = "script"
          mock.script = [{ text: "read it all" }]
          const key = `BIG-${c.vendor}`
          const prompt = `start-of-the-big-prompt ${"a line of a very long task description\n".repeat(26_000)} end-of-the-big-prompt`
          const backend = yield* Pipeline.backendWithBin(f, c.vendor, c.bin!)
          const before = mock.requests.length
          const cwd = path.join(f.dataDir, "big-prompt")
          fs.mkdirSync(cwd, { recursive: true })
          const result = yield* backend.run({
            taskKey: key, prompt, cwd, model: null, maxTurns: null, resumeSessionId: null, billingMode: "api", timeoutMs: 90_000,
            configHome: path.join(f.dataDir, "agent-home", key), logFile: path.join(f.dataDir, "logs", key, "run.log"), onEvent: () => Effect.void
          })
          // The log with long lines shortened (the prompt comes back as one huge line), their ends kept.
          const log = () => fs.readFileSync(path.join(f.dataDir, "logs", key, "run.log"), "utf8").split("\n")
            .map((l) => l.length > 600 ? `${l.slice(0, 300)} …(${l.length} chars)… ${l.slice(-300)}` : l).join("\n")
          assert.isNull(result.errorClass, `${result.errorExcerpt} ${log()}`)
          const request = mock.requests.slice(before).find((r) => r.method === "POST" && r.raw.includes("start-of-the-big-prompt"))
          assert.isDefined(request, "the prompt reached the model")
          assert.include(request!.raw, "end-of-the-big-prompt", "the whole prompt, not a cut one")
          assert.isAbove(request!.raw.length, prompt.length)
        }), 120_000)

      it.effect("an agent that prints garbage instead of JSON ends as a classified failure", () =>
        Effect.gen(function*() {
          const f = yield* Pipeline.Fixture
          const fake = path.join(f.dataDir, "garbage-cli.sh")
          fs.mkdirSync(f.dataDir, { recursive: true })
          fs.writeFileSync(fake, "#!/bin/sh\necho 'Welcome! this is not JSON'\necho '{broken json'\nexit 0\n", { mode: 0o755 })
          const backend = yield* Pipeline.backendWithBin(f, c.vendor, fake)
          const result = yield* backend.run({
            taskKey: "GARBAGE-1",
            prompt: "hello",
            cwd: f.dataDir,
            model: null,
            maxTurns: null,
            resumeSessionId: null,
            billingMode: "api",
            timeoutMs: 30_000,
            configHome: path.join(f.dataDir, "agent-home", "GARBAGE-1"),
            logFile: path.join(f.dataDir, "logs", "GARBAGE-1", "run.log"),
            onEvent: () => Effect.void
          })
          assert.strictEqual(result.errorClass, "agent.bad_output")
          assert.strictEqual(result.exitCode, 0)
        }), 60_000)
    })
  })
}
