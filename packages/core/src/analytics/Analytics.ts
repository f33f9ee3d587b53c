/**
 * Analytics shared by the dashboard, `devserver stats` and the daily digest: every figure is an SQL
 * aggregate over the runs and the status-change events of the window (never a stored counter), so it
 * is right after a crash, a retry or a restore. Days are UTC.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer } from "effect"
import type { InvalidInput, StoreError } from "../domain/Errors.js"
import { type Stats, StatsQuery } from "../domain/Stats.js"
import { decodeInput } from "../internal/decodeInput.js"
import { storeFailure } from "../internal/sqlFailure.js"

export interface AnalyticsService {
  /** Figures for the last `days` days (1–90, default 7), today included. */
  readonly stats: (query?: typeof StatsQuery.Encoded) => Effect.Effect<Stats, InvalidInput | StoreError>
}

export class Analytics extends Context.Tag("@devserver/core/analytics/Analytics")<Analytics, AnalyticsService>() {}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v))
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v))

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const stats = Effect.fn("Analytics.stats")(function*(raw: typeof StatsQuery.Encoded = {}) {
    const { days } = yield* decodeInput(StatsQuery, "query")(raw)
    const [window] = yield* sql<{ from: Date; to: Date }>`
      select (date_trunc('day', now() at time zone 'UTC') - ${days - 1} * interval '1 day') at time zone 'UTC' as from, now() as to`
    const { from, to } = window!
    const ends = sql`
      select date_trunc('day', created_at at time zone 'UTC') as day, task_id,
        case when payload->>'to' in ('review', 'done') then 'completed' else 'failed' end as outcome
      from events where type = 'status_changed' and created_at >= ${from} and payload->>'to' in ('review', 'done', 'failed')`
    const runs = sql`
      select date_trunc('day', started_at at time zone 'UTC') as day, task_id, vendor, status,
        coalesce(cost_usd, 0) as cost, coalesce(duration_ms, 0) as ms, coalesce(turns, 0) as turns
      from runs where started_at >= ${from}`
    const [totals, perDay, perVendorDay, vendorShare] = yield* Effect.all([
      sql`with e as (${ends}), r as (${runs}) select
          (select count(distinct task_id) from e where outcome = 'completed') as completed,
          (select count(distinct task_id) from e where outcome = 'failed') as failed,
          (select sum(cost) from r) as cost, (select sum(cost) from r where status = 'failed') as failed_cost,
          (select sum(ms) from r) as ms, (select sum(turns) from r) as turns, (select count(*) from r) as runs`,
      sql`with e as (${ends}), r as (${runs}),
          d as (select generate_series(date_trunc('day', ${from}::timestamptz at time zone 'UTC'), date_trunc('day', now() at time zone 'UTC'), interval '1 day') as day)
        select to_char(d.day, 'YYYY-MM-DD') as day,
          (select count(distinct task_id) from e where e.day = d.day and outcome = 'completed') as completed,
          (select count(distinct task_id) from e where e.day = d.day and outcome = 'failed') as failed,
          (select sum(cost) from r where r.day = d.day) as cost,
          (select sum(ms)::float / nullif(count(distinct task_id), 0) from r where r.day = d.day) as avg_ms,
          (select sum(turns)::float / nullif(count(distinct task_id), 0) from r where r.day = d.day) as avg_turns
        from d order by d.day`,
      sql`with r as (${runs}) select to_char(day, 'YYYY-MM-DD') as day, vendor, sum(cost) as cost, count(*) as runs
        from r group by day, vendor order by day, vendor`,
      sql`with r as (${runs}) select vendor, count(*) as runs, sum(cost) as cost from r group by vendor order by sum(cost) desc, vendor`
    ], { concurrency: "unbounded" }).pipe(storeFailure("analytics.stats"))
    const t = totals[0] ?? {}
    const completed = num(t.completed)
    const failed = num(t.failed)
    return {
      days,
      from,
      to,
      totals: {
        completed,
        failed,
        successRate: completed + failed === 0 ? null : completed / (completed + failed),
        costUsd: num(t.cost),
        failedCostUsd: num(t.failedCost),
        agentMs: num(t.ms),
        turns: num(t.turns),
        runs: num(t.runs)
      },
      perDay: perDay.map((d) => ({
        day: String(d.day),
        completed: num(d.completed),
        failed: num(d.failed),
        costUsd: num(d.cost),
        avgDurationMs: numOrNull(d.avgMs),
        avgTurns: numOrNull(d.avgTurns)
      })),
      perVendorDay: perVendorDay.map((v) => ({ day: String(v.day), vendor: String(v.vendor), costUsd: num(v.cost), runs: num(v.runs) })),
      vendorShare: vendorShare.map((v) => ({ vendor: String(v.vendor), runs: num(v.runs), costUsd: num(v.cost) }))
    } satisfies Stats
  }, storeFailure("analytics.stats"))

  return Analytics.of({ stats })
})

export const layer = Layer.effect(Analytics, make)
