import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as QueueTest from "./support/QueueTest.js"
import * as Storm from "./support/Storm.js"

describe("worker storm", () => {
  it.live("3 busy worker processes SIGKILLed every 1–2 s: no task lost, no run twice at once, repo limits kept, no run left open", () =>
    Effect.gen(function*() {
      const root = yield* Effect.acquireRelease(
        Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "devserver-storm-"))),
        (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
      )
      const figures = yield* Storm.run({
        databaseUrl: Redacted.value(yield* QueueTest.DatabaseUrl),
        root,
        workers: 3,
        concurrency: 3,
        repos: [{ name: "one", parallelism: 1 }, { name: "two", parallelism: 2 }, { name: "three", parallelism: 3 }],
        tasks: 40,
        ticks: 12,
        stormMs: Number(process.env.STORM_MS ?? 20_000),
        killEveryMs: [1000, 2000],
        minKills: 4,
        settleMs: 150_000,
        log: (line) => console.log(line)
      })
      console.log(JSON.stringify(figures))
      assert.isAtLeast(figures.kills, 3, "workers were killed while running tasks")
      assert.isNotNull(figures.rerunMs, "killed tasks ran again")
      // Presence, not the 30 s lease, brings a dead worker's tasks back (a live worker's reaper sees it within a second or two).
      assert.isBelow(figures.recoveredMs!.max, 30_000, "recovered before the lease ran out")
      assert.deepStrictEqual(figures.lost, [], "every task delivered")
      assert.strictEqual(figures.unfinished, 0, "every task finished")
      assert.strictEqual(figures.overlappingRuns, 0, "no task ran twice at the same time")
      for (const { limit, max, repo } of figures.parallelism) assert.isAtMost(max, limit, `repo ${repo} ran ${max} tasks at once`)
      assert.strictEqual(figures.runsLeftRunning, 0, "every run of a dead worker closed")
      assert.strictEqual(figures.orphansAfter, 0, "no task process outlived the workers")
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)), 300_000)
})
