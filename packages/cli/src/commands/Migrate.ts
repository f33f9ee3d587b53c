import { Command } from "@effect/cli"
import * as Database from "@devserver/core/store/Database"
import * as Migrations from "@devserver/core/store/Migrations"
import { SqlClient } from "@effect/sql"
import { Console, Effect, Layer } from "effect"
import { configLayer } from "../Config.js"

export const migrate = Command.make("migrate", {}, () =>
  Effect.gen(function*() {
    const applied = yield* Migrations.run
    const sql = yield* SqlClient.SqlClient
    const [row] = yield* sql<{ version: number }>`select max(migration_id) as version from effect_sql_migrations`
    for (const [id, name] of applied) yield* Console.log(`applied ${id}_${name}`)
    yield* Console.log(`schema version ${row?.version ?? 0}${applied.length === 0 ? " (up to date)" : ""}`)
  })).pipe(
    Command.withDescription("Apply pending database migrations and print the schema version."),
    Command.provide(Database.layerWithoutMigrations.pipe(Layer.provide(configLayer)))
  )
