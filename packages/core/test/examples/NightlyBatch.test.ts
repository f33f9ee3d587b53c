/** examples/nightly-batch.ts: a list of tasks run on the script's own worker, summed up, exit code by outcome. */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { runExample, withDatabase } from "./RunExample.js"

describe("SDK example nightly-batch", () => {
  it.scoped("runs every line as a task, prints each outcome and a summary, and exits 1 because one failed", () =>
    withDatabase((url, dir) =>
      Effect.gen(function*() {
        const list = path.join(dir, "nightly.txt")
        fs.writeFileSync(list, "# tonight\necho a > a.txt\n\necho b > b.txt\necho broken >&2; exit 3\n")
        const run = yield* runExample("nightly-batch.ts", [list, "--vendor", "command"], { DATABASE_URL: url, DEVSERVER_DATA_DIR: dir })
        const code = yield* Effect.promise(() => run.exit)
        const output = run.output()
        assert.strictEqual(code, 1, output)
        assert.match(output, /queued TASK-1 echo a > a\.txt\nqueued TASK-2 echo b > b\.txt\nqueued TASK-3 echo broken/)
        assert.match(output, /^TASK-1 +review +\d+s .*echo a > a\.txt$/m)
        assert.match(output, /^TASK-2 +review +\d+s .*echo b > b\.txt$/m)
        assert.match(output, /^TASK-3 +failed +\d+s .*exit 3 \(.+\)$/m)
        assert.match(output, /^3 tasks: 2 succeeded, 1 failed in \d+s; cost /m)
      })), 300_000)

  it.scoped("an unknown repo is one line and exit 2, and no task is queued", () =>
    withDatabase((url, dir) =>
      Effect.gen(function*() {
        const list = path.join(dir, "nightly.txt")
        fs.writeFileSync(list, "echo ok > ok.txt\n")
        const run = yield* runExample("nightly-batch.ts", [list, "--repo", "nope"], { DATABASE_URL: url, DEVSERVER_DATA_DIR: dir })
        assert.strictEqual(yield* Effect.promise(() => run.exit), 2, run.output())
        assert.match(run.output(), /^nightly-batch: .*nope.*$/m)
        assert.notMatch(run.output(), /queued TASK/)
        assert.notMatch(run.output(), /^\s+at /m, "no stack trace")
      })), 300_000)

  it.scoped("exits 0 when every task reached review", () =>
    withDatabase((url, dir) =>
      Effect.gen(function*() {
        const list = path.join(dir, "nightly.txt")
        fs.writeFileSync(list, "echo ok > ok.txt\n")
        const run = yield* runExample("nightly-batch.ts", [list, "--vendor", "command"], { DATABASE_URL: url, DEVSERVER_DATA_DIR: dir })
        assert.strictEqual(yield* Effect.promise(() => run.exit), 0, run.output())
        assert.match(run.output(), /^1 tasks: 1 succeeded, 0 failed/m)
      })), 300_000)
})
