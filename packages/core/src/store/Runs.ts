/**
 * Stored runs: one row per agent attempt, with its cost, tokens and verification results. A run its
 * worker could not close (the worker died, or lost the task and never heard) ends `lost`, closed by
 * the queue (`closeLost`), so run history, durations and analytics stay true.
 */
import { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import { Context, Effect, Layer, Schema } from "effect"
import { NotFound, type StoreError } from "../domain/Errors.js"
import { Run, type RunStatus, type VerifyResult } from "../domain/Run.js"
import { storeFailure } from "../internal/sqlFailure.js"

export interface RunStart {
  readonly taskId: number
  readonly attempt: number
  readonly vendor: string
  readonly model: string | null
  readonly workerId: string | null
  readonly branch?: string | null | undefined
}

/** What is known when an attempt ends; cost is recorded for failed attempts too. */
export interface RunFinish {
  readonly status: Exclude<RunStatus, "running">
  readonly sessionId?: string | null | undefined
  readonly turns?: number | null | undefined
  readonly costUsd?: number | null | undefined
  readonly tokensIn?: number | null | undefined
  readonly tokensOut?: number | null | undefined
  readonly exitCode?: number | null | undefined
  readonly errorClass?: string | null | undefined
  readonly errorExcerpt?: string | null | undefined
  readonly verification?: ReadonlyArray<VerifyResult> | undefined
  readonly prUrl?: string | null | undefined
}

export interface RunsService {
  /** Opens a run in status `running`. */
  readonly start: (run: RunStart) => Effect.Effect<Run, StoreError>
  /** Closes a run, computing its duration. */
  readonly finish: (runId: number, result: RunFinish) => Effect.Effect<Run, NotFound | StoreError>
  /** A task's runs by attempt. */
  readonly forTask: (taskId: number) => Effect.Effect<ReadonlyArray<Run>, StoreError>
}

export class Runs extends Context.Tag("@devserver/core/store/Runs")<Runs, RunsService>() {}

const decodeRun = Schema.decodeUnknownSync(Run)

/** The error class of a run closed `lost`. */
export const LOST_ERROR_CLASS = "worker.lost"

/**
 * Closes as `lost` every open run (of `runs r`) matching `where`, in one statement (the caller's
 * transaction); answers the closed runs' ids and task ids.
 */
export const closeLost = (sql: SqlClient.SqlClient, where: Fragment, detail: string) =>
  sql<{ id: number; taskId: number }>`
    update runs r set status = 'lost', finished_at = now(),
      duration_ms = (extract(epoch from now() - r.started_at) * 1000)::bigint,
      error_class = ${LOST_ERROR_CLASS}, error_excerpt = coalesce(r.error_excerpt, ${detail})
    where r.status in ('running', 'verifying') and ${where}
    returning r.id, r.task_id`

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  return Runs.of({
    start: (run) =>
      sql`insert into runs ${sql.insert({ ...run, branch: run.branch ?? null, status: "running" })} returning *`.pipe(
        Effect.map(([row]) => decodeRun(row)),
        storeFailure("runs.start")
      ),
    finish: (runId, result) => {
      const { verification, ...rest } = result
      const fields = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined))
      return sql`
        update runs set ${sql.update(fields)},
          ${verification ? sql`verification = ${JSON.stringify(verification)},` : sql``}
          finished_at = now(),
          duration_ms = (extract(epoch from now() - started_at) * 1000)::bigint
        where id = ${runId} returning *`.pipe(
        storeFailure("runs.finish"),
        Effect.flatMap(([row]) => (row ? Effect.succeed(decodeRun(row)) : Effect.fail(new NotFound({ entity: "run", id: String(runId) }))))
      )
    },
    forTask: (taskId) =>
      sql`select * from runs where task_id = ${taskId} order by attempt, id`.pipe(
        Effect.map((rows) => rows.map((row) => decodeRun(row))),
        storeFailure("runs.forTask")
      )
  })
})

export const layer = Layer.effect(Runs, make)
