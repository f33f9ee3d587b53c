/** examples/custom-vendor.ts: a backend registered from outside core runs a task through the real pipeline. */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFileSync } from "node:child_process"
import * as path from "node:path"
import { runExample, withDatabase } from "./RunExample.js"

describe("SDK example custom-vendor", () => {
  it.scoped("a task for the registered 'changelog' vendor ends in review with the backend's change committed", () =>
    withDatabase((url, dir) =>
      Effect.gen(function*() {
        const run = yield* runExample("custom-vendor.ts", ["Support dark mode"], { DATABASE_URL: url, DEVSERVER_DATA_DIR: dir })
        const code = yield* Effect.promise(() => run.exit)
        assert.strictEqual(code, 0, run.output())
        assert.match(run.output(), /queued TASK-1 for vendor changelog[\s\S]*agent: Added "Support dark mode" to CHANGELOG.md[\s\S]*committed [0-9a-f]{12} \(1 file\)[\s\S]*TASK-1 ended review/)
        const folder = path.join(dir, "scratch", "TASK-1")
        const git = (...args: Array<string>) => execFileSync("git", ["-C", folder, ...args], { encoding: "utf8" })
        assert.strictEqual(git("show", "HEAD:CHANGELOG.md"), "# Changelog\n\n- Support dark mode\n")
        assert.match(git("log", "-1", "--format=%B"), /DevServer-Task: TASK-1/)
      })), 240_000)
})
