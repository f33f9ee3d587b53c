import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { commandsFor, Verify, type VerifyEvent } from "../../src/verify/Verify.js"
import * as VerifyLive from "../../src/verify/VerifyLive.js"

const settings = (stepTimeout: Duration.DurationInput = "30 seconds") => ({
  stepTimeout: Duration.decode(stepTimeout),
  path: process.env.PATH ?? "/usr/bin:/bin",
  locale: "C.UTF-8",
  shell: "/bin/sh"
})

const scratch = Effect.acquireRelease(
  Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "devserver-verify-"))),
  (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
)

const verify = (dir: string, commands: Partial<Record<"pre" | "build" | "test" | "lint", string>>, timeout?: Duration.DurationInput) =>
  Effect.gen(function*() {
    const events: Array<VerifyEvent> = []
    const report = yield* Effect.flatMap(Verify, (v) =>
      v.run({
        taskKey: "V-1",
        cwd: dir,
        commands: { pre: "", build: "", test: "", lint: "", ...commands },
        home: path.join(dir, ".home"),
        logFile: path.join(dir, ".logs", "run.log"),
        onEvent: (e) => Effect.sync(() => void events.push(e))
      })).pipe(Effect.provide(VerifyLive.layerWith(settings(timeout))))
    return { report, events, log: fs.readFileSync(path.join(dir, ".logs", "run.log"), "utf8") }
  })

describe("Verify", () => {
  it.scopedLive("runs pre, build, test, lint in order; output reaches the log and log_line events; a verify_step per step", () =>
    Effect.gen(function*() {
      const dir = yield* scratch
      const { events, log, report } = yield* verify(dir, {
        lint: "echo linting; echo lint >> order.txt",
        test: "echo testing; echo test >> order.txt",
        pre: "echo pre >> order.txt",
        build: "echo building >&2; echo build >> order.txt"
      })
      assert.isNull(report.failure)
      assert.deepStrictEqual(report.results.map((r) => [r.step, r.ok, r.exitCode]), [["pre", true, 0], ["build", true, 0], ["test", true, 0], ["lint", true, 0]])
      assert.strictEqual(fs.readFileSync(path.join(dir, "order.txt"), "utf8"), "pre\nbuild\ntest\nlint\n")
      assert.include(log, "testing")
      assert.include(log, "[stderr] building")
      const steps = events.filter((e) => e.type === "verify_step")
      assert.deepStrictEqual(steps.map((e) => e.step), ["pre", "build", "test", "lint"])
      const lines = events.filter((e) => e.type === "log_line").map((e) => e.line).join("\n")
      assert.include(lines, "linting")
    }))

  it.scopedLive("the first failing step stops the chain; its exit code and output tail are reported", () =>
    Effect.gen(function*() {
      const dir = yield* scratch
      const { events, report } = yield* verify(dir, {
        build: "true",
        test: "for i in $(seq 1 2000); do echo noise line $i; done; echo 'FAIL src/sum.test.ts > adds'; exit 3",
        lint: "touch linted"
      })
      assert.deepStrictEqual(report.results.map((r) => [r.step, r.ok, r.exitCode]), [["build", true, 0], ["test", false, 3]])
      assert.strictEqual(report.failure?.step, "test")
      assert.isAtMost(report.failure!.output.length, 3000)
      assert.include(report.failure!.output, "FAIL src/sum.test.ts > adds")
      assert.notInclude(report.failure!.output, "noise line 1\n")
      assert.isFalse(fs.existsSync(path.join(dir, "linted")), "lint must not run after a failed test")
      const failed = events.find((e) => e.type === "verify_step" && e.step === "test")
      assert.include(failed?.type === "verify_step" ? failed.excerpt ?? "" : "", "FAIL src/sum.test.ts")
    }))

  it.scopedLive("a step past its timeout is killed with its whole process group", () =>
    Effect.gen(function*() {
      const dir = yield* scratch
      const marker = `verify-timeout-${process.pid}-${Date.now()}`
      const t0 = Date.now()
      const { report } = yield* verify(dir, { test: `sh -c 'sleep 300; echo ${marker}' & sleep 300` }, "1 second")
      assert.isBelow(Date.now() - t0, 15_000)
      assert.strictEqual(report.failure?.step, "test")
      assert.isTrue(report.failure?.timedOut)
      assert.include(report.failure?.output ?? "", "timed out")
      const alive = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p)).filter((p) => {
        try {
          return fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes(marker)
        } catch {
          return false
        }
      })
      assert.deepStrictEqual(alive, [])
    }), 30_000)

  it.scopedLive("the environment is an allow-list: no secret of the worker reaches a build script", () =>
    Effect.gen(function*() {
      const dir = yield* scratch
      process.env.DEVSERVER_VERIFY_TEST_SECRET = "verify-test-secret-value"
      const { log, report } = yield* verify(dir, { build: "env" }).pipe(Effect.ensuring(Effect.sync(() => delete process.env.DEVSERVER_VERIFY_TEST_SECRET)))
      assert.isNull(report.failure)
      assert.include(log, "CI=true")
      assert.include(log, `HOME=${path.join(dir, ".home")}`)
      assert.notInclude(log, "verify-test-secret-value")
    }))

  it("a task's overrides replace the repo's commands per step; skipping verification runs nothing", () => {
    const repo = { setup: "npm ci", pre: "", build: "tsc", test: "npm test", lint: "eslint ." }
    assert.deepStrictEqual(commandsFor(repo, { test: "npm test -- sum" }, false), { pre: "", build: "tsc", test: "npm test -- sum", lint: "eslint ." })
    assert.deepStrictEqual(commandsFor(repo, { lint: "" }, false), { pre: "", build: "tsc", test: "npm test", lint: "" })
    assert.deepStrictEqual(commandsFor(repo, null, true), { pre: "", build: "", test: "", lint: "" })
    assert.deepStrictEqual(commandsFor(null, null, false), { pre: "", build: "", test: "", lint: "" })
  })
})
