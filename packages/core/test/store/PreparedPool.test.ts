import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as TestDatabase from "../support/TestDatabase.js"

describe("prepared statements", () => {
  it.effect("a marked statement is prepared once per connection; others are not; a changed result type is prepared again", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const connection = yield* sql.reserve
      const prepared = () =>
        connection.executeRaw("select name, statement from pg_prepared_statements", []).pipe(
          Effect.map((r) => (r as unknown as { rows: Array<{ name: string; statement: string }> }).rows)
        )
      const marked = "/* prepare */ select $1::int + 1 as n"
      for (const n of [1, 2, 3]) {
        const result = (yield* connection.executeRaw(marked, [n])) as unknown as { rows: Array<{ n: number }> }
        assert.strictEqual(result.rows[0]!.n, n + 1, "parameters bind anew on every call")
      }
      yield* connection.executeRaw("select $1::int as unmarked", [1])
      const names = yield* prepared()
      assert.deepStrictEqual(names.map((p) => p.statement), [marked], "one prepared statement, for the marked text only")
      assert.match(names[0]!.name, /^ds_[0-9a-f]{16}_0$/)

      // Another process migrates the table under a prepared `select *`.
      yield* connection.executeRaw("create table widened (a int)", [])
      yield* connection.executeRaw("insert into widened values (1)", [])
      const star = "/* prepare */ select * from widened"
      yield* connection.executeRaw(star, [])
      yield* connection.executeRaw("alter table widened add column b int default 2", [])
      const after = (yield* connection.executeRaw(star, [])) as unknown as { rows: Array<{ a: number; b: number }> }
      assert.deepStrictEqual(after.rows, [{ a: 1, b: 2 }], "prepared again under a new name and retried")
    }).pipe(Effect.scoped, Effect.provide(TestDatabase.layerEmpty)))
})
