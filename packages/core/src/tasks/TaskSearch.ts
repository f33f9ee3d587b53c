/**
 * The task list as users browse it: filters, search, sort and pagination run in one statement, so a
 * page of 100,000 tasks costs little more than one of 100 (indexes in migration 0008; the total is
 * an exact count from an index-only scan).
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import type { InvalidInput, StoreError } from "../domain/Errors.js"
import { TaskQuery, type TaskPage, TaskSummary } from "../domain/TaskQuery.js"
import { decodeInput } from "../internal/decodeInput.js"
import { storeFailure } from "../internal/sqlFailure.js"

export interface TaskSearchService {
  /** One page of tasks and the total matching; InvalidInput for a bad query, nothing else read. */
  readonly page: (query: typeof TaskQuery.Encoded) => Effect.Effect<TaskPage, InvalidInput | StoreError>
}

export class TaskSearch extends Context.Tag("@devserver/core/tasks/TaskSearch")<TaskSearch, TaskSearchService>() {}

const decodeSummary = Schema.decodeUnknownSync(TaskSummary)
const columns = {
  created: "id",
  updated: "updated_at",
  priority: "priority",
  key: "key",
  status: "status",
  title: "title"
} as const

/** `%` and `_` typed by a user are literal characters, not patterns. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const page = Effect.fn("TaskSearch.page")(function*(raw: typeof TaskQuery.Encoded) {
    const q = yield* decodeInput(TaskQuery, "query")(raw)
    const where = sql.and([
      q.includeArchived ? sql`true` : sql`not t.archived`,
      ...(q.status && q.status.length > 0 ? [sql`t.status in ${sql.in(q.status)}`] : []),
      ...(q.repo ? [sql`t.repo_id = (select id from repos where name = ${q.repo})`] : []),
      ...(q.priority ? [sql`t.priority = ${q.priority}`] : []),
      ...(q.label ? [sql`t.labels @> array[${q.label}]::text[]`] : []),
      ...(q.search && q.search.trim() !== ""
        ? [sql`(t.title ilike ${likePattern(q.search.trim())} or t.key ilike ${likePattern(q.search.trim())})`]
        : [])
    ])
    const direction = q.order === "asc" ? sql.literal("asc") : sql.literal("desc")
    // The id breaks ties, so pages never overlap or skip rows of equal sort values.
    const order = (table: string) => sql`order by ${sql.literal(`${table}.${columns[q.sort]}`)} ${direction}, ${sql.literal(table)}.id ${direction}`
    // Deferred join: the page's ids come from an index-only scan (a deep offset skips index entries,
    // not rows); only the 50 rows shown are read in full.
    const [rows, [count]] = yield* Effect.all([
      sql`
        with page as materialized (select t.id from tasks t where ${where} ${order("t")} limit ${q.limit} offset ${q.offset})
        select t.id, t.key, t.title, r.name as repo, t.status, t.priority, t.labels, t.vendor, t.model,
          t.archived, t.blocked_reason, t.created_at, t.updated_at
        from page join tasks t using (id) left join repos r on r.id = t.repo_id ${order("t")}`,
      sql<{ total: number }>`select count(*)::int as total from tasks t where ${where}`
    ], { concurrency: 2 })
    return { items: rows.map((row) => decodeSummary(row)), total: count?.total ?? 0 }
  }, storeFailure("tasks.search"))

  return TaskSearch.of({ page })
})

export const layer = Layer.effect(TaskSearch, make)
