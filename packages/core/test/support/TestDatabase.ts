/**
 * A fresh database per test file on the run's embedded PostgreSQL, migrated, dropped afterwards.
 */
import { PgClient } from "@effect/sql-pg"
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Redacted } from "effect"
import * as crypto from "node:crypto"
import pg from "pg"
import { inject } from "vitest"
import { clientLayer } from "../../src/store/Database.js"
import * as Migrations from "../../src/store/Migrations.js"
import type {} from "./ProvidedContext.js"

const admin = <A>(f: (client: pg.Client) => Promise<A>) =>
  Effect.promise(async () => {
    const client = new pg.Client({ connectionString: inject("pgAdminUrl") })
    await client.connect()
    try {
      return await f(client)
    } finally {
      await client.end()
    }
  })

/** URL of a new, empty database (dropped when the scope closes). */
export const freshDatabaseUrl = Effect.acquireRelease(
  Effect.gen(function*() {
    const name = `t_${crypto.randomBytes(6).toString("hex")}`
    yield* admin((c) => c.query(`create database ${name}`))
    const url = new URL(inject("pgAdminUrl"))
    url.pathname = `/${name}`
    return { name, url: Redacted.make(url.toString()) }
  }),
  ({ name }) => admin((c) => c.query(`drop database if exists ${name} with (force)`))
)

/** An empty database, not migrated. */
export const layerEmpty: Layer.Layer<PgClient.PgClient | SqlClient.SqlClient> = Layer.unwrapScoped(
  Effect.map(freshDatabaseUrl, ({ url }) => clientLayer(url, "devserver-test"))
).pipe(Layer.orDie)

/** A migrated database. */
export const layer = Layer.effectDiscard(Migrations.run).pipe(Layer.provideMerge(layerEmpty), Layer.orDie)
