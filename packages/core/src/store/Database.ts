/**
 * The PostgreSQL connection: `DATABASE_URL` when set, otherwise the embedded server of the data
 * folder (started for the layer's lifetime). Rows come back camelCased; int8 and numeric decode as
 * numbers. Statements marked `/* prepare *\/` run as prepared statements (store/PreparedPool.ts).
 * `layer` also applies pending migrations before anything uses the database.
 */
import { SqlError } from "@effect/sql/SqlError"
import { PgClient } from "@effect/sql-pg"
import { String as Str, Config, Effect, Layer, Option, Redacted } from "effect"
import pg from "pg"
import { DataDir } from "./DataDir.js"
import { DatabaseError } from "./DatabaseError.js"
import * as EmbeddedPostgres from "./EmbeddedPostgres.js"
import * as Migrations from "./Migrations.js"
import * as PreparedPool from "./PreparedPool.js"

const INT8 = 20
const NUMERIC = 1700

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 || oid === NUMERIC ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"]
}

/** A client layer for a connection URL, with DevServer's name and type conventions. */
export const clientLayer = (url: Redacted.Redacted<string>, applicationName = "devserver") =>
  PgClient.layerFromPool({
    acquire: Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          const pool = PreparedPool.make({ connectionString: Redacted.value(url), application_name: applicationName, types })
          // An idle connection's error (the server went away) is seen by the next statement, not thrown here.
          pool.on("error", () => {})
          await pool.query("select 1").catch((error: unknown) => pool.end().finally(() => Promise.reject(error)))
          return pool
        },
        catch: (cause) => new SqlError({ cause, message: "PgClient: Failed to connect" })
      }).pipe(Effect.timeoutFail({
        duration: "5 seconds",
        onTimeout: () => new SqlError({ cause: new Error("Connection timed out"), message: "PgClient: Connection timed out" })
      })),
      (pool) => Effect.promise(() => pool.end()).pipe(Effect.interruptible, Effect.timeoutOption(1000))
    ),
    applicationName,
    transformResultNames: Str.snakeToCamel,
    transformQueryNames: Str.camelToSnake,
    types
  }).pipe(
    Layer.mapError((cause) => {
      // pg's own reason ("connect ECONNREFUSED 127.0.0.1:5432", "password authentication failed for
      // user …") helps the user and never contains the password.
      const reason = cause.cause instanceof Error ? `: ${cause.cause.message}` : ""
      return new DatabaseError({ reason: "ConnectFailed", detail: `${cause.message}${reason}`, cause })
    })
  )

/** The URL to use: `DATABASE_URL`, or the embedded server of the data folder (scoped). */
export const connectionUrl = Effect.gen(function*() {
  const configured = yield* Config.option(Config.redacted("DATABASE_URL"))
  if (Option.isSome(configured)) return configured.value
  const dataDir = yield* DataDir
  const server = yield* EmbeddedPostgres.start(dataDir.path)
  return server.url
})

/** Connects without migrating (for `devserver migrate`, which reports what it applies). */
export const layerWithoutMigrations = Layer.unwrapScoped(Effect.map(connectionUrl, (url) => clientLayer(url)))

/** Connects and applies pending migrations. */
export const layer = Layer.effectDiscard(Migrations.run).pipe(Layer.provideMerge(layerWithoutMigrations))
