/**
 * A fresh migrated database and data folder for one CLI test file, removed afterwards, with helpers to
 * run `devserver` against them and to fingerprint everything stored (to prove a refusal wrote nothing).
 */
import { Effect, Exit, Redacted, Scope } from "effect"
import * as fs from "node:fs"
import pg from "pg"
import { afterAll, beforeAll, expect } from "vitest"
import { freshDatabaseUrl } from "../../../core/test/support/TestDatabase.js"
import * as TempDir from "../../../core/test/support/TempDir.js"
import { runCli } from "./runCli.js"

export interface CliFixture {
  readonly env: () => Record<string, string>
  readonly dataDir: () => string
  readonly cli: (args: ReadonlyArray<string>, options?: { input?: string; env?: Record<string, string> }) => ReturnType<typeof runCli>
  /** Every stored row that a command could change, as one string. */
  readonly snapshot: () => Promise<string>
  /** A query against the test database. */
  readonly query: <R extends Record<string, unknown>>(sql: string, params?: ReadonlyArray<unknown>) => Promise<Array<R>>
}

export const cliFixture = (extraEnv: Record<string, string> = {}): CliFixture => {
  let scope: Scope.CloseableScope
  let env: Record<string, string> = {}
  let dataDir = ""
  const query = async <R extends Record<string, unknown>>(sql: string, params: ReadonlyArray<unknown> = []) => {
    const client = new pg.Client({ connectionString: env.DATABASE_URL })
    await client.connect()
    try {
      return (await client.query(sql, [...params])).rows as Array<R>
    } finally {
      await client.end()
    }
  }
  beforeAll(async () => {
    scope = Effect.runSync(Scope.make())
    const { url } = await Effect.runPromise(Scope.extend(freshDatabaseUrl, scope))
    dataDir = TempDir.make("devserver-cli-")
    env = { PATH: process.env.PATH ?? "", HOME: dataDir, DATABASE_URL: Redacted.value(url), DEVSERVER_DATA_DIR: dataDir, ...extraEnv }
    const migrated = await runCli(["migrate"], env)
    expect(migrated.stdout).toMatch(/schema version \d+/)
  })
  afterAll(async () => {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
  return {
    env: () => env,
    dataDir: () => dataDir,
    cli: (args, options = {}) => runCli(args, { ...env, ...options.env }, options.input),
    query,
    snapshot: async () => {
      const [row] = await query(`select (select json_agg(t order by id) from tasks t) as tasks,
        (select json_agg(r order by id) from repos r) as repos, (select count(*) from events) as events,
        (select json_agg(s order by key) from settings s) as settings, (select json_agg(t order by id) from templates t) as templates,
        (select json_agg(i order by id) from ideas i) as ideas, (select json_agg(s order by id) from schedules s) as schedules`)
      return JSON.stringify(row)
    }
  }
}
