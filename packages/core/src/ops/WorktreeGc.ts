/**
 * Garbage collection of task folders: the worktree (`<data>/worktrees/<KEY>`) or scratch folder
 * (`<data>/scratch/<KEY>`) of a task that ended `done`, `failed` or `cancelled` more than `days` ago is
 * removed (`days` is the `worktreeRetentionDays` setting, 14 by default). Tasks in review keep theirs (a person may still continue them); the branch and its commits
 * stay in the repo's cache clone, so a retried task gets a fresh worktree from them. A local repo's
 * folder is the user's own checkout, outside the data folder, and is never touched.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { StoreError } from "../domain/Errors.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { DataDir } from "../store/DataDir.js"
import { Settings } from "../store/Settings.js"

export interface Collected {
  /** Folders removed, relative to the data folder. */
  readonly removed: ReadonlyArray<string>
}

const FOLDERS = ["worktrees", "scratch"]

/** Removes the folders of tasks finished more than `days` days ago. */
export const collect = (days: number): Effect.Effect<Collected, StoreError, SqlClient.SqlClient | DataDir> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const dataDir = (yield* DataDir).path
    const finished = (key: string) =>
      sql<{ key: string }>`select key from tasks where key = ${key} and status in ('done', 'failed', 'cancelled')
        and updated_at < now() - make_interval(days => ${days})`.pipe(Effect.map((rows) => rows.length > 0))
    const removed: Array<string> = []
    for (const folder of FOLDERS) {
      const dir = path.join(dataDir, folder)
      if (!fs.existsSync(dir)) continue
      for (const key of fs.readdirSync(dir)) {
        // Checked per folder right before removal: a task retried meanwhile keeps its folder.
        if (!(yield* finished(key))) continue
        fs.rmSync(path.join(dir, key), { recursive: true, force: true })
        removed.push(path.join(folder, key))
      }
    }
    return { removed }
  }).pipe(storeFailure("worktreeGc.collect"))

export interface CollectedExpired extends Collected {
  /** The retention that was applied (the `worktreeRetentionDays` setting, read now). */
  readonly days: number
}

/** `collect` with the current `worktreeRetentionDays` setting: what `devserver start` runs every few hours. */
export const collectExpired: Effect.Effect<CollectedExpired, StoreError, SqlClient.SqlClient | DataDir | Settings> = Effect.gen(function*() {
  const days = yield* (yield* Settings).get("worktreeRetentionDays")
  return { days, ...(yield* collect(days)) }
})
