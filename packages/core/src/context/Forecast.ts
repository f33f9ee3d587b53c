/**
 * The outcome forecast of a task before it runs: the chance it is delivered, and the agent time and
 * turns it will likely take, from the finished tasks of the same repo most similar to it (full-text
 * similarity of title and description), with the list of those tasks so a person can judge. With no
 * similar history the forecast says so (`sampleSize` 0, probability from the repo's overall record,
 * or null when there is none).
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer } from "effect"
import type { NotFound, StoreError } from "../domain/Errors.js"
import type { Task } from "../domain/Task.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Tasks } from "../store/Tasks.js"
import { orQuery } from "./SearchTerms.js"

export interface SimilarTask {
  readonly key: string
  readonly title: string
  readonly delivered: boolean
  readonly durationMs: number
  readonly turns: number
  readonly similarity: number
}

export interface OutcomeForecast {
  /** 0–1, or null when the repo has no finished task at all. */
  readonly successProbability: number | null
  readonly expectedDurationMs: number | null
  readonly expectedTurns: number | null
  readonly sampleSize: number
  readonly similar: ReadonlyArray<SimilarTask>
}

export interface ForecastService {
  readonly forecast: (key: string) => Effect.Effect<OutcomeForecast, NotFound | StoreError>
}

export class Forecast extends Context.Tag("@devserver/core/context/Forecast")<Forecast, ForecastService>() {}

const median = (xs: ReadonlyArray<number>) => {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/** Laplace-smoothed share of delivered tasks, so two successes out of two is not a certainty. */
export const smoothedRate = (delivered: number, total: number) => (delivered + 1) / (total + 2)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const tasks = yield* Tasks

  // Finished tasks of the repo with their totals over all runs (failed attempts included).
  const finished = (task: Task) => sql`
    select t.id, t.key, t.title, t.status in ('review', 'done') as delivered,
      coalesce(sum(r.duration_ms), 0) as duration_ms, coalesce(sum(r.turns), 0) as turns,
      to_tsvector('english', t.title || ' ' || t.description) as doc
    from tasks t join runs r on r.task_id = t.id
    where t.status in ('review', 'done', 'failed') and t.id <> ${task.id}
      and t.repo_id is not distinct from (select id from repos where name = ${task.repo})
    group by t.id`

  const forecast = (key: string) =>
    Effect.gen(function*() {
      const task = yield* tasks.get(key)
      const query = orQuery(`${task.title} ${task.description}`)
      const similar = query === null ? [] : yield* sql<{ key: string; title: string; delivered: boolean; durationMs: string; turns: string; similarity: number }>`
        with f as (${finished(task)}), q as (select to_tsquery('english', ${query}) as q)
        select f.key, f.title, f.delivered, f.duration_ms, f.turns, ts_rank(f.doc, q.q) as similarity
        from f, q where f.doc @@ q.q order by similarity desc, f.id desc limit 10`
      const [overall] = yield* sql<{ delivered: string; total: string }>`
        with f as (${finished(task)}) select count(*) filter (where delivered) as delivered, count(*) as total from f`
      const rows: ReadonlyArray<SimilarTask> = similar.map((r) => ({
        key: r.key, title: r.title, delivered: r.delivered, durationMs: Number(r.durationMs), turns: Number(r.turns), similarity: Number(r.similarity)
      }))
      const total = Number(overall?.total ?? 0)
      const base = rows.length > 0
        ? smoothedRate(rows.filter((r) => r.delivered).length, rows.length)
        : total > 0 ? smoothedRate(Number(overall!.delivered), total) : null
      return {
        successProbability: base,
        expectedDurationMs: median(rows.map((r) => r.durationMs)),
        expectedTurns: median(rows.map((r) => r.turns)),
        sampleSize: rows.length,
        similar: rows
      } satisfies OutcomeForecast
    }).pipe(storeFailure("forecast"))

  return Forecast.of({ forecast })
})

export const layer = Layer.effect(Forecast, make)
