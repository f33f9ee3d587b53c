/** examples/enqueue-and-follow.ts, run as a user runs it (see RunExample). */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { runExample, withDatabase } from "./RunExample.js"

describe("SDK examples", () => {
  it.scoped("enqueue-and-follow: a command task runs on the example's own worker and its events are printed until review", () =>
    withDatabase((url, dir) =>
      Effect.gen(function*() {
        const run = yield* runExample("enqueue-and-follow.ts", ["echo hi > hi.txt"], { DATABASE_URL: url, DEVSERVER_DATA_DIR: dir })
        const code = yield* Effect.promise(() => run.exit)
        assert.strictEqual(code, 0, run.output())
        assert.match(run.output(), /status_changed → running[\s\S]*TASK-1 ended review/)
      })), 240_000)
})
