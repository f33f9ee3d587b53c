/**
 * Memory across tasks: after each outcome a short record (what was asked, how it ended, which error
 * classes defeated it, the PR, the cost) is stored for the task's repo; a new task of the same repo
 * recalls the few most relevant, ranked by full-text relevance times a recency decay
 * (`memoryHalfLifeDays`). Records never recalled and older than `memoryArchiveDays` are archived.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer } from "effect"
import type { StoreError } from "../domain/Errors.js"
import type { Task } from "../domain/Task.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Settings } from "../store/Settings.js"
import { orQuery } from "./SearchTerms.js"

export type MemoryOutcome = "succeeded" | "failed" | "blocked" | "cancelled"

export interface Recalled {
  readonly id: number
  readonly body: string
  readonly outcome: MemoryOutcome
  /** Relevance × recency. */
  readonly score: number
}

export interface MemoryService {
  /** Stores the record of a task's outcome; returns its id. */
  readonly record: (task: Task, outcome: MemoryOutcome, facts: { readonly errorClasses: ReadonlyArray<string>; readonly prUrl: string | null; readonly costUsd: number | null }) => Effect.Effect<number, StoreError>
  /** The `limit` best records for `task` (same repo, not archived, not its own), best first; each recall is counted. */
  readonly recall: (task: Task, limit?: number) => Effect.Effect<ReadonlyArray<Recalled>, StoreError>
  /** Archives never-recalled records older than the archive setting; answers how many. */
  readonly archiveStale: () => Effect.Effect<number, StoreError>
}

export class Memory extends Context.Tag("@devserver/core/context/Memory")<Memory, MemoryService>() {}

/** The body of a record: short, and written for the next agent. */
export const recordBody = (task: Task, outcome: MemoryOutcome, facts: { readonly errorClasses: ReadonlyArray<string>; readonly prUrl: string | null }) =>
  [
    `${task.key}: ${task.title} — ${outcome}`,
    task.description.slice(0, 600),
    ...(facts.errorClasses.length === 0 ? [] : [`Defeated by: ${[...new Set(facts.errorClasses)].join(", ")}`]),
    ...(facts.prUrl === null ? [] : [`PR: ${facts.prUrl}`])
  ].filter((s) => s !== "").join("\n")

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const settings = yield* Settings
  const repoId = (task: Task) => sql`(select id from repos where name = ${task.repo})`

  return Memory.of({
    record: (task, outcome, facts) =>
      sql<{ id: number }>`
        insert into memories (repo_id, task_id, body, outcome, cost_usd, pr_url)
        values (${repoId(task)}, ${task.id}, ${recordBody(task, outcome, facts)}, ${outcome}, ${facts.costUsd}, ${facts.prUrl})
        returning id`.pipe(Effect.map(([row]) => Number(row!.id)), storeFailure("memory.record")),
    recall: (task, limit = 5) =>
      Effect.gen(function*() {
        const query = orQuery(`${task.title} ${task.description} ${task.acceptance}`)
        if (query === null) return []
        const halfLife = yield* settings.get("memoryHalfLifeDays")
        const rows = yield* sql<{ id: string; body: string; outcome: MemoryOutcome; score: number }>`
          with q as (select to_tsquery('english', ${query}) as q)
          select m.id, m.body, m.outcome,
            ts_rank(m.search, q.q) * power(0.5, extract(epoch from now() - m.created_at) / 86400.0 / ${halfLife}) as score
          from memories m, q
          where m.search @@ q.q and not m.archived
            and m.repo_id is not distinct from ${repoId(task)} and m.task_id is distinct from ${task.id}
          order by score desc, m.id desc limit ${limit}`
        if (rows.length > 0) yield* sql`update memories set recalled_count = recalled_count + 1 where id in ${sql.in(rows.map((r) => r.id))}`
        return rows.map((r) => ({ id: Number(r.id), body: r.body, outcome: r.outcome, score: Number(r.score) }))
      }).pipe(storeFailure("memory.recall")),
    archiveStale: () =>
      Effect.flatMap(settings.get("memoryArchiveDays"), (days) =>
        sql`update memories set archived = true
          where not archived and recalled_count = 0 and created_at < now() - make_interval(days => ${days}) returning id`.pipe(
          Effect.map((rows) => rows.length),
          storeFailure("memory.archive")
        ))
  })
})

export const layer = Layer.effect(Memory, make)
