/**
 * `restore`: an archive written by `backup` into an EMPTY install (migrated database without rows, no
 * artifacts or logs). The archive is read and verified whole first; a corrupted or truncated one, an
 * archive from a newer schema, or an install that already holds data is refused with `BackupError`
 * and nothing is changed. The rows go in within one transaction (all or nothing), in foreign-key order,
 * with their ids, and every sequence is set back to where it was; the files are written afterwards.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { storeFailure } from "../internal/sqlFailure.js"
import { DataDir } from "../store/DataDir.js"
import { filesUnder, FOLDERS } from "./Backup.js"
import { BackupError, type Entry, read } from "./BackupArchive.js"
import * as DatabaseDump from "./DatabaseDump.js"

export interface RestoreSummary {
  readonly tables: number
  readonly rows: number
  readonly files: number
}

const { ident } = DatabaseDump

/** A stored file path must stay inside the folders a backup takes. */
const safePath = (file: string) => {
  const normal = path.normalize(file)
  return !path.isAbsolute(normal) && !normal.split(path.sep).includes("..") && FOLDERS.includes(normal.split(path.sep)[0] ?? "")
}

/** Restores `file` into this (empty) install. */
export const restore = (file: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const dataDir = (yield* DataDir).path
    const raw = yield* Effect.try({
      try: () => fs.readFileSync(path.resolve(file)),
      catch: () => new BackupError({ reason: "Io", detail: `cannot read ${path.resolve(file)}` })
    })
    const archive = yield* Effect.try({ try: () => read(raw), catch: (e) => e as BackupError })
    const files = archive.entries.filter((e): e is Extract<Entry, { _tag: "File" }> => e._tag === "File")
    const unsafe = files.find((f) => !safePath(f.path))
    if (unsafe) return yield* new BackupError({ reason: "Corrupt", detail: `the archive names a file outside the data folders (${unsafe.path}); nothing was changed` })

    const known = yield* DatabaseDump.migrations(sql).pipe(storeFailure("restore.check"))
    const newer = archive.header.migrations.filter((m) => !known.includes(m))
    if (newer.length > 0) {
      return yield* new BackupError({ reason: "Incompatible", detail: `the backup comes from a newer DevServer (migrations ${newer.join(", ")}); upgrade first` })
    }
    const tables = yield* DatabaseDump.plan(sql).pipe(storeFailure("restore.check"))
    for (const t of tables) {
      const [row] = yield* sql<{ any: boolean }>`select exists (select 1 from ${sql.unsafe(`public.${ident(t.name)}`)}) as any`.pipe(storeFailure("restore.check"))
      if (row?.any) return yield* new BackupError({ reason: "NotEmpty", detail: `this install already holds data (table ${t.name}); restore needs an empty one; nothing was changed` })
    }
    const present = FOLDERS.flatMap((dir) => filesUnder(dataDir, dir))
    if (present.length > 0) return yield* new BackupError({ reason: "NotEmpty", detail: `this install already holds files (${present[0]}); restore needs an empty one; nothing was changed` })

    let rows = 0
    const restored = archive.entries.filter((e): e is Extract<Entry, { _tag: "Table" }> => e._tag === "Table")
    yield* sql.withTransaction(Effect.gen(function*() {
      for (const table of restored) {
        if (!tables.some((t) => t.name === table.name)) return yield* new BackupError({ reason: "Incompatible", detail: `unknown table ${table.name}` })
        const target = sql.unsafe(`public.${ident(table.name)}`)
        const columns = sql.unsafe(table.columns.map(ident).join(", "))
        for (const page of table.pages) {
          const inserted = yield* sql`insert into ${target} (${columns}) overriding system value
            select ${columns} from json_populate_recordset(null::${target}, ${page}::json) returning 1`
          rows += inserted.length
        }
      }
      for (const entry of archive.entries) {
        if (entry._tag !== "Sequences") continue
        for (const s of entry.sequences) yield* sql`select setval(${`public.${ident(s.name)}`}::regclass, ${s.lastValue}, ${s.isCalled})`
      }
    })).pipe(Effect.catchTag("SqlError", (cause) => Effect.fail(new BackupError({ reason: "Io", detail: `restoring the database failed, nothing was changed: ${cause.message}` }))))

    for (const f of files) {
      const target = path.join(dataDir, path.normalize(f.path))
      yield* Effect.try({
        try: () => {
          fs.mkdirSync(path.dirname(target), { recursive: true })
          fs.writeFileSync(target, f.data, { mode: 0o600 })
        },
        catch: (e) => new BackupError({ reason: "Io", detail: `the database is restored but ${f.path} could not be written: ${(e as Error).message}` })
      })
    }
    return { tables: restored.length, rows, files: files.length } satisfies RestoreSummary
  })
