/** examples/enqueue-and-follow.ts, run as a user runs it (see RunExample). */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { runExample, withDatabase } from "./RunExample.js"

describe("SDK examples", () => {
  it.scoped("enqueue-and-follow: a command task runs on the example's own worker and its events are printed until review", () =>
    withDatabase((url, dir) =>
      Effect.gen(function*() {
        const secret = "sk-ant-canary-9d2f61b0c4"
        const command = "echo hi > hi.txt; echo agent says hello; echo a warning >&2"
        const run = yield* runExample("enqueue-and-follow.ts", [command], { DATABASE_URL: url, DEVSERVER_DATA_DIR: dir, ANTHROPIC_API_KEY: secret })
        const code = yield* Effect.promise(() => run.exit)
        assert.strictEqual(code, 0, run.output())
        assert.match(run.output(), /status_changed → running[\s\S]*TASK-1 ended review/)

        // The task's own log: where its run started and ended, and the agent's output in between.
        const taskLog = fs.readFileSync(path.join(dir, "logs", "tasks", "TASK-1.log"), "utf8")
        assert.match(taskLog, /INFO run started on worker example-\d+\n[\s\S]*command[\s\S]*\nagent says hello\n\[stderr\] a warning\n# exit 0 [\s\S]*INFO run ended: review/)
        // The process's structured log: JSON lines.
        const mainLog = fs.readFileSync(path.join(dir, "logs", "devserver.log"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { message: string })
        assert.isTrue(mainLog.some((l) => /worker example-\d+ started/.test(String(l.message))), JSON.stringify(mainLog))
        assert.notInclude(taskLog + JSON.stringify(mainLog), secret)
      })), 240_000)
})
