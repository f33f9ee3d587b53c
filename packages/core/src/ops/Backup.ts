/**
 * `backup`: the database and the data folder's artifacts and logs in one archive (see BackupArchive),
 * consistent while DevServer runs: every table is read in one REPEATABLE READ, read-only transaction,
 * so the archive is one snapshot of the database. The archive is written next to its final name and
 * renamed into place, so a killed backup never leaves a half archive under that name. Repo tokens stay
 * encrypted with the install's secret key, which is not in the archive: restoring them needs the same
 * key (`DEVSERVER_SECRET_KEY` or `<data>/secret.key`).
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { storeFailure } from "../internal/sqlFailure.js"
import { DataDir } from "../store/DataDir.js"
import { BackupError, FORMAT, VERSION, writer } from "./BackupArchive.js"
import * as DatabaseDump from "./DatabaseDump.js"

/** Folders of the data folder that go into a backup. */
export const FOLDERS: ReadonlyArray<string> = ["artifacts", "logs"]

export interface BackupSummary {
  readonly file: string
  readonly tables: number
  readonly rows: number
  readonly files: number
  readonly bytes: number
}

/** Every regular file under `dir`, as paths relative to `root`. */
export const filesUnder = (root: string, dir: string): Array<string> => {
  const full = path.join(root, dir)
  if (!fs.existsSync(full)) return []
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(root, path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []
  )
}

const io = (detail: string) => (cause: unknown) => new BackupError({ reason: "Io", detail: `${detail}: ${cause instanceof Error ? cause.message : String(cause)}` })

/** Writes a backup of this install to `file` (refused when `file` exists). */
export const backup = (file: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const dataDir = (yield* DataDir).path
    const target = path.resolve(file)
    if (fs.existsSync(target)) return yield* new BackupError({ reason: "Io", detail: `${target} exists; choose a new file name` })
    let rows = 0
    const archive = yield* sql.withTransaction(Effect.gen(function*() {
      yield* sql`set transaction isolation level repeatable read, read only`
      const out = writer({ format: FORMAT, version: VERSION, createdAt: new Date().toISOString(), migrations: yield* DatabaseDump.migrations(sql) })
      const tables = yield* DatabaseDump.plan(sql)
      for (const table of tables) {
        out.table(table.name, table.columns)
        yield* DatabaseDump.rows(sql, table, (json) => Effect.sync(() => (out.rows(json), rows += (JSON.parse(json) as Array<unknown>).length)))
      }
      out.sequences(yield* DatabaseDump.sequences(sql))
      return { out, tables: tables.length }
    })).pipe(storeFailure("backup.read"))
    const files = FOLDERS.flatMap((dir) => filesUnder(dataDir, dir))
    for (const f of files) {
      const data = yield* Effect.try({ try: () => fs.readFileSync(path.join(dataDir, f)), catch: io(`cannot read ${f}`) })
      archive.out.file(f, data)
    }
    const bytes = archive.out.finish()
    const partial = `${target}.partial-${process.pid}`
    yield* Effect.try({
      try: () => {
        fs.writeFileSync(partial, bytes, { mode: 0o600 })
        fs.renameSync(partial, target)
      },
      catch: (e) => (fs.rmSync(partial, { force: true }), io(`cannot write ${target}`)(e))
    })
    return { file: target, tables: archive.tables, rows, files: files.length, bytes: bytes.length } satisfies BackupSummary
  })
