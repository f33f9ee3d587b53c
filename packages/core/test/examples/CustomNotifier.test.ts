/**
 * examples/custom-notifier.ts: notifications of tasks run by another process reach the custom notifier
 * once, and a restarted notifier continues after the last one it delivered.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { runExample, withDatabase } from "./RunExample.js"

const headlines = (file: string) =>
  fs.readFileSync(file, "utf8").trim().split("\n").map((line) => {
    const n = JSON.parse(line) as { kind: string; taskKey: string }
    return `${n.kind} ${n.taskKey}`
  })

describe("SDK example custom-notifier", () => {
  it.scoped("a finished task's notifications arrive once, and not again after the notifier restarts", () =>
    withDatabase((url, dir) =>
      Effect.gen(function*() {
        const env = { DATABASE_URL: url, DEVSERVER_DATA_DIR: dir }
        const journal = path.join(dir, "notifications.jsonl")
        const runTask = (command: string) =>
          Effect.scoped(Effect.gen(function*() {
            const run = yield* runExample("enqueue-and-follow.ts", [command], env)
            assert.strictEqual(yield* Effect.promise(() => run.exit), 0, run.output())
          }))
        const notifierRun = Effect.gen(function*() {
          const notifier = yield* runExample("custom-notifier.ts", [journal], env)
          yield* notifier.printed(/delivering notifications to/)
          return notifier
        })

        const first = yield* notifierRun
        yield* runTask("echo one > one.txt")
        yield* first.printed(/succeeded: .*TASK-1/)
        process.kill(-first.pid, "SIGTERM")
        yield* Effect.promise(() => first.exit)
        assert.deepStrictEqual(headlines(journal), [
          "started TASK-1",
          "succeeded TASK-1"
        ])

        const second = yield* notifierRun
        yield* runTask("echo two > two.txt")
        yield* second.printed(/succeeded: .*TASK-2/)
        assert.notMatch(second.output(), /TASK-1/)
        assert.deepStrictEqual(headlines(journal), [
          "started TASK-1",
          "succeeded TASK-1",
          "started TASK-2",
          "succeeded TASK-2"
        ])
      })), 300_000)
})
