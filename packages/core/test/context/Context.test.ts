import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as Forecast from "../../src/context/Forecast.js"
import * as Memory from "../../src/context/Memory.js"
import * as Reality from "../../src/context/RealitySignal.js"
import { Repos } from "../../src/store/Repos.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as TestStore from "../support/TestStore.js"

const layer = Layer.merge(Memory.layer, Forecast.layer).pipe(Layer.provideMerge(TestStore.layer))

const addRepo = Effect.flatMap(Repos, (r) => r.add({ name: "api", provider: "github", cloneUrl: "https://example.com/acme/api.git" }))

describe("context", () => {
  it.effect("memory recalls the relevant records of the repo first, relevance × recency, and counts the recall", () =>
    Effect.gen(function*() {
      yield* addRepo
      const tasks = yield* Tasks
      const memory = yield* Memory.Memory
      const sql = yield* SqlClient.SqlClient
      const make = (key: string, title: string, description = "") => tasks.create({ key, title, description, repo: "api" })
      const login = yield* make("A-1", "Fix the login timeout in the auth middleware", "Sessions expire too early on login.")
      const csv = yield* make("A-2", "Add CSV export of reports")
      const old = yield* make("A-3", "Login timeout login timeout login session middleware", "login timeout auth")
      yield* memory.record(login, "succeeded", { errorClasses: [], prUrl: "https://example.com/pr/1", costUsd: 0.4 })
      yield* memory.record(csv, "failed", { errorClasses: ["test_failure", "test_failure"], prUrl: null, costUsd: 0.2 })
      const oldId = yield* memory.record(old, "failed", { errorClasses: ["type_error"], prUrl: null, costUsd: 0.1 })
      // The most word-for-word match is a year old: recency decay must put it below the fresh one.
      yield* sql`update memories set created_at = now() - interval '365 days' where id = ${oldId}`

      const fourth = yield* make("A-4", "Login timeout after a password reset", "The auth middleware drops the session.")
      const recalled = yield* memory.recall(fourth, 5)
      assert.deepStrictEqual(recalled.map((r) => r.body.split(":")[0]), ["A-1", "A-3"], "relevant records only, fresh first")
      assert.include(recalled[0]!.body, "PR: https://example.com/pr/1")
      const [counted] = yield* sql<{ recalledCount: number }>`select recalled_count from memories where task_id = ${login.id}`
      assert.strictEqual(counted!.recalledCount, 1)
      const csvBody = (yield* sql<{ body: string }>`select body from memories where task_id = ${csv.id}`)[0]!.body
      assert.include(csvBody, "Defeated by: test_failure")
    }).pipe(Effect.provide(layer)))

  it.effect("the forecast uses the similar finished tasks of the repo and lists them", () =>
    Effect.gen(function*() {
      yield* addRepo
      const tasks = yield* Tasks
      const sql = yield* SqlClient.SqlClient
      const finished = (key: string, title: string, status: "review" | "failed", durationMs: number, turns: number) =>
        Effect.gen(function*() {
          const t = yield* tasks.create({ key, title, repo: "api" })
          yield* sql`update tasks set status = ${status} where id = ${t.id}`
          yield* sql`insert into runs (task_id, attempt, vendor, status, duration_ms, turns, finished_at)
            values (${t.id}, 1, 'anthropic', ${status === "review" ? "succeeded" : "failed"}, ${durationMs}, ${turns}, now())`
        })
      yield* finished("F-1", "Bump the lodash dependency", "review", 60_000, 10)
      yield* finished("F-2", "Bump the express dependency", "review", 120_000, 20)
      yield* finished("F-3", "Rewrite the billing engine", "failed", 900_000, 90)
      yield* tasks.create({ key: "F-4", title: "Bump the axios dependency", repo: "api" })
      const f = yield* Effect.flatMap(Forecast.Forecast, (s) => s.forecast("F-4"))
      assert.deepStrictEqual(f.similar.map((s) => s.key).sort(), ["F-1", "F-2"])
      assert.closeTo(f.successProbability!, 3 / 4, 1e-9, "two of two delivered, smoothed")
      assert.deepStrictEqual([f.expectedDurationMs, f.expectedTurns], [90_000, 15])
    }).pipe(Effect.provide(layer)))

  it("the reality signal scores a grounded task high, an invented one low, and spreads a missing source's weight", () => {
    const map = "src/auth/session.ts\n  class SessionStore\n  function refreshToken\nsrc/http/client.ts\n  function fetchWithRetry"
    const grounded = Reality.combine([
      Reality.mapSource("Make `SessionStore` call refreshToken before expiry in src/auth/session.ts", map),
      Reality.recentSource("src/auth/session.ts", ["src/auth/session.ts"]),
      Reality.prSource(null),
      Reality.historySource(0.75)
    ])
    const invented = Reality.combine([
      Reality.mapSource("Fix `QuantumCache.invalidateAll` in src/cache/quantum.ts", map),
      Reality.recentSource("src/cache/quantum.ts", ["src/auth/session.ts"]),
      Reality.prSource(null),
      Reality.historySource(0.25)
    ])
    assert.isAbove(grounded.score!, 85)
    assert.isBelow(invented.score!, 30)
    assert.strictEqual(grounded.confidence, 0.85, "the PR source did not answer: its 0.15 is spread over the others")
    assert.isTrue(invented.warnings.some((w) => w.includes("QuantumCache.invalidateAll")))
    assert.deepStrictEqual(Reality.combine([{ source: "repo_map", score: null }]).score, null)
  })
})
