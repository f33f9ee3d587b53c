/**
 * What delivery leaves behind, stored: the patch files of a run as artifacts (`patch` per file, one
 * `mbox`), the PR URL on the run, and the failure class of a delivery that did not go through. Read by
 * `task patch`, `task show` and the SDK.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Option } from "effect"
import * as fs from "node:fs"
import { NotFound, type StoreError } from "../domain/Errors.js"
import { storeFailure } from "../internal/sqlFailure.js"
import type { PatchSet } from "./PatchExport.js"

/** The latest exported patch series of a task. */
export interface StoredPatches {
  readonly taskKey: string
  readonly runId: number
  /** Patch files in order, then nothing else; `mbox` separately. */
  readonly patches: ReadonlyArray<string>
  readonly mbox: string
  readonly commits: number
  readonly insertions: number
  readonly deletions: number
}

export interface DeliveriesService {
  /** Records an exported series as artifacts of the run. */
  readonly recordPatches: (taskId: number, runId: number, set: PatchSet) => Effect.Effect<void, StoreError>
  /** Stores the PR URL on the run. */
  readonly setPrUrl: (runId: number, url: string) => Effect.Effect<void, StoreError>
  /** Marks the delivered run with the class and excerpt of a delivery failure. */
  readonly recordFailure: (runId: number, errorClass: string, excerpt: string) => Effect.Effect<void, StoreError>
  /** The task's latest patch series; None when no delivery exported one. NotFound for an unknown task. */
  readonly patches: (taskKey: string) => Effect.Effect<Option.Option<StoredPatches>, NotFound | StoreError>
  /** The task's latest PR URL, if a PR was opened. */
  readonly prUrl: (taskKey: string) => Effect.Effect<Option.Option<string>, NotFound | StoreError>
}

export class Deliveries extends Context.Tag("@devserver/core/delivery/Deliveries")<Deliveries, DeliveriesService>() {}

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const taskId = (key: string) =>
    sql<{ id: string }>`select id from tasks where key = ${key}`.pipe(
      storeFailure("deliveries.task"),
      Effect.flatMap(([row]) => (row ? Effect.succeed(Number(row.id)) : Effect.fail(new NotFound({ entity: "task", id: key }))))
    )

  return Deliveries.of({
    recordPatches: (task, run, set) =>
      sql.withTransaction(Effect.gen(function*() {
        yield* sql`delete from artifacts where run_id = ${run} and kind in ('patch', 'mbox')`
        const rows = [
          ...set.patches.map((p) => ({ taskId: task, runId: run, kind: "patch", path: p, bytes: fs.statSync(p).size })),
          { taskId: task, runId: run, kind: "mbox", path: set.mbox, bytes: fs.statSync(set.mbox).size }
        ]
        yield* sql`insert into artifacts ${sql.insert(rows)}`
      })).pipe(storeFailure("deliveries.recordPatches")),
    setPrUrl: (run, url) => sql`update runs set pr_url = ${url} where id = ${run}`.pipe(Effect.asVoid, storeFailure("deliveries.setPrUrl")),
    recordFailure: (run, errorClass, excerpt) =>
      sql`update runs set error_class = ${errorClass}, error_excerpt = ${excerpt.slice(0, 2000)} where id = ${run}`.pipe(Effect.asVoid, storeFailure("deliveries.recordFailure")),
    patches: (key) =>
      Effect.gen(function*() {
        const id = yield* taskId(key)
        const [latest] = yield* sql<{ runId: string }>`
          select run_id from artifacts where task_id = ${id} and kind = 'mbox' order by id desc limit 1`
        if (!latest) return Option.none()
        const files = yield* sql<{ kind: string; path: string }>`
          select kind, path from artifacts where run_id = ${latest.runId} and kind in ('patch', 'mbox') order by path`
        const [stats] = yield* sql<{ payload: { count: number; insertions: number; deletions: number } }>`
          select payload from events where run_id = ${latest.runId} and type = 'patches_generated' order by id desc limit 1`
        return Option.some({
          taskKey: key,
          runId: Number(latest.runId),
          patches: files.filter((f) => f.kind === "patch").map((f) => f.path),
          mbox: files.find((f) => f.kind === "mbox")!.path,
          commits: stats?.payload.count ?? files.filter((f) => f.kind === "patch").length,
          insertions: stats?.payload.insertions ?? 0,
          deletions: stats?.payload.deletions ?? 0
        })
      }).pipe(storeFailure("deliveries.patches")),
    prUrl: (key) =>
      Effect.gen(function*() {
        const id = yield* taskId(key)
        const [row] = yield* sql<{ prUrl: string }>`
          select pr_url from runs where task_id = ${id} and pr_url is not null order by id desc limit 1`
        return Option.fromNullable(row?.prUrl)
      }).pipe(storeFailure("deliveries.prUrl"))
  })
})

export const layer = Layer.effect(Deliveries, make)
