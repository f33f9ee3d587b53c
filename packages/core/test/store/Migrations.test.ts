import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Migrations from "../../src/store/Migrations.js"
import * as TestDatabase from "../support/TestDatabase.js"

describe("Migrations", () => {
  it.layer(TestDatabase.layerEmpty)((it) => {
    it.effect("apply to an empty database, record the version, and re-apply as a no-op", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const known = (yield* Migrations.loader).map(([id]) => id)
        const first = yield* Migrations.run
        assert.deepStrictEqual(first.map(([id]) => id), known)
        assert.deepStrictEqual(first[0], [1, "initial"])
        const second = yield* Migrations.run
        assert.deepStrictEqual(second, [])
        const recorded = yield* sql<{ migrationId: number }>`select migration_id from effect_sql_migrations order by 1`
        assert.deepStrictEqual(recorded.map((r) => r.migrationId), known)
        const tables = yield* sql<{ tablename: string }>`
          select tablename from pg_tables where schemaname = 'public' order by tablename`
        assert.includeMembers(tables.map((t) => t.tablename), [
          "repos", "tasks", "task_dependencies", "runs", "events", "templates", "ideas", "schedules",
          "settings", "memories", "decisions", "artifacts"
        ])
      }))
  })
})

describe("Migrations, two processes starting at once", () => {
  it.layer(TestDatabase.layerEmpty)((it) => {
    it.effect("serialise: the schema is applied exactly once and both succeed", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const [a, b] = yield* Effect.all([Migrations.run, Migrations.run], { concurrency: "unbounded" })
        const known = (yield* Migrations.loader).length
        assert.strictEqual(a.length + b.length, known)
        const recorded = yield* sql<{ n: number }>`select count(*)::int as n from effect_sql_migrations`
        assert.strictEqual(recorded[0]!.n, known)
      }))
  })
})
