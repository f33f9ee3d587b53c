import { Command } from "@effect/cli"
import { Console, Effect, Layer } from "effect"
import { configLayer } from "../Config.js"
import { load } from "../Lazy.js"

const database = Layer.unwrapEffect(
  Effect.map(load(() => import("@devserver/core/store/Database")), (m) => m.layerWithoutMigrations)
).pipe(Layer.provide(configLayer))

export const migrate = Command.make("migrate", {}, () =>
  Effect.gen(function*() {
    const { run } = yield* load(() => import("@devserver/core/store/Migrations"))
    const { SqlClient } = yield* load(() => import("@effect/sql/SqlClient"))
    const applied = yield* run
    const sql = yield* SqlClient
    const [row] = yield* sql<{ version: number }>`select max(migration_id) as version from effect_sql_migrations`
    for (const [id, name] of applied) yield* Console.log(`applied ${id}_${name}`)
    yield* Console.log(`schema version ${row?.version ?? 0}${applied.length === 0 ? " (up to date)" : ""}`)
  })).pipe(
    Command.withDescription("Apply pending database migrations and print the schema version."),
    Command.provide(database)
  )
