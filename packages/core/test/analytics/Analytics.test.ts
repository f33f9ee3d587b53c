import { describe, expect, it } from "@effect/vitest"
import { SqlClient } from "@effect/sql"
import { Effect, Layer } from "effect"
import { Analytics } from "../../src/analytics/Analytics.js"
import * as AnalyticsLive from "../../src/analytics/Analytics.js"
import { Runs } from "../../src/store/Runs.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as TestStore from "../support/TestStore.js"

const layer = AnalyticsLive.layer.pipe(Layer.provideMerge(TestStore.layer))

/** A task taken through `path` with one finished run per attempt. */
const taskWith = (title: string, path: ReadonlyArray<"queued" | "running" | "review" | "failed">, attempts: ReadonlyArray<{ vendor: string; cost: number; ok: boolean; turns: number }>) =>
  Effect.gen(function*() {
    const tasks = yield* Tasks
    const runs = yield* Runs
    const task = yield* tasks.create({ title })
    for (const [i, a] of attempts.entries()) {
      const run = yield* runs.start({ taskId: task.id, attempt: i + 1, vendor: a.vendor, model: null, workerId: null })
      yield* runs.finish(run.id, { status: a.ok ? "succeeded" : "failed", costUsd: a.cost, turns: a.turns })
    }
    for (const to of path) yield* tasks.transition(task.key, to)
    return task
  })

describe("Analytics", () => {
  it.layer(layer)((it) => {
    it.effect("counts delivered and failed tasks and every attempt's cost, failed ones included", () =>
      Effect.gen(function*() {
        const analytics = yield* Analytics
        const sql = yield* SqlClient.SqlClient
        const empty = yield* analytics.stats({ days: 7 })
        expect(empty.totals).toMatchObject({ completed: 0, failed: 0, successRate: null, costUsd: 0 })
        expect(empty.perDay).toHaveLength(7)

        yield* taskWith("ok after a retry", ["queued", "running", "review"], [
          { vendor: "anthropic", cost: 0.5, ok: false, turns: 4 },
          { vendor: "openai", cost: 0.25, ok: true, turns: 6 }
        ])
        yield* taskWith("gave up", ["queued", "running", "failed"], [{ vendor: "anthropic", cost: 1, ok: false, turns: 10 }])
        const old = yield* taskWith("long ago", ["queued", "running", "review"], [{ vendor: "google", cost: 7, ok: true, turns: 1 }])
        yield* sql`update runs set started_at = now() - interval '10 days' where task_id = ${old.id}`
        yield* sql`update events set created_at = now() - interval '10 days' where task_id = ${old.id}`

        const stats = yield* analytics.stats({ days: 7 })
        expect(stats.totals).toEqual({
          completed: 1,
          failed: 1,
          successRate: 0.5,
          costUsd: 1.75,
          failedCostUsd: 1.5,
          agentMs: stats.totals.agentMs,
          turns: 20,
          runs: 3
        })
        const today = stats.perDay.at(-1)!
        expect(today).toMatchObject({ completed: 1, failed: 1, costUsd: 1.75, avgTurns: 10 })
        expect(stats.vendorShare).toEqual([{ vendor: "anthropic", runs: 2, costUsd: 1.5 }, { vendor: "openai", runs: 1, costUsd: 0.25 }])
        expect(stats.perVendorDay.map((v) => v.vendor)).toEqual(["anthropic", "openai"])

        const month = yield* analytics.stats({ days: 30 })
        expect(month.totals).toMatchObject({ completed: 2, costUsd: 8.75 })
        expect(month.perDay).toHaveLength(30)
        expect(month.perDay.filter((d) => d.costUsd > 0).map((d) => d.costUsd)).toEqual([7, 1.75])
      }))

    it.effect("refuses a window outside 1–90 days", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip((yield* Analytics).stats({ days: 365 }))
        expect(error.message).toBe("invalid days: the window is 1 to 90 days")
      }))
  })
})
