/**
 * The daily digest: what happened in the last 24 hours (tasks delivered, failed, blocked; spend
 * including failed attempts; agent time) and what waits now. SQL aggregates over runs, events and
 * tasks, computed when asked; nothing is counted incrementally.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer } from "effect"
import type { StoreError } from "../domain/Errors.js"
import { storeFailure } from "../internal/sqlFailure.js"
import type { Notification } from "./Notification.js"

export interface DigestSummary {
  readonly delivered: number
  readonly failed: number
  readonly blocked: number
  /** USD of every run started in the window, failed ones included. */
  readonly costUsd: number
  readonly runs: number
  readonly agentMinutes: number
  /** Now: tasks queued, running (or verifying), and in review. */
  readonly queued: number
  readonly running: number
  readonly review: number
}

export interface DigestService {
  /** The last 24 hours up to now. */
  readonly summary: () => Effect.Effect<DigestSummary, StoreError>
}

export class Digest extends Context.Tag("@devserver/core/notify/Digest")<Digest, DigestService>() {}

/** The digest as a notification (kind `digest`). */
export const toNotification = (s: DigestSummary): Notification => ({
  kind: "digest",
  eventId: 0,
  taskKey: null,
  headline: "📊 Daily digest (last 24 hours)",
  lines: [
    `Delivered ${s.delivered}, failed ${s.failed}, blocked ${s.blocked}`,
    `Spent $${s.costUsd.toFixed(2)} over ${s.runs} runs (failed attempts included), ${s.agentMinutes} agent minutes`,
    `Now: ${s.queued} queued, ${s.running} running, ${s.review} waiting for review`
  ],
  link: null,
  actions: []
})

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const summary = () =>
    sql<Record<keyof DigestSummary, string | number | null>>`
      with moves as (
        select payload->>'to' as "to", count(*) as n from events
        where type = 'status_changed' and created_at > now() - interval '24 hours'
          and payload->>'to' in ('review', 'failed', 'blocked')
        group by 1
      ), spent as (
        select count(*) as runs, coalesce(sum(cost_usd), 0) as cost,
          coalesce(sum(duration_ms), 0) / 60000 as minutes
        from runs where started_at > now() - interval '24 hours'
      ), now_ as (
        select count(*) filter (where status = 'queued') as queued,
          count(*) filter (where status in ('running', 'verifying')) as running,
          count(*) filter (where status = 'review') as review
        from tasks where not archived
      )
      select coalesce((select n from moves where "to" = 'review'), 0) as delivered,
        coalesce((select n from moves where "to" = 'failed'), 0) as failed,
        coalesce((select n from moves where "to" = 'blocked'), 0) as blocked,
        spent.cost as "costUsd", spent.runs, spent.minutes as "agentMinutes", now_.queued, now_.running, now_.review
      from spent, now_`.pipe(
      Effect.map(([row]) => {
        const n = (k: keyof DigestSummary) => Number(row?.[k] ?? 0)
        return {
          delivered: n("delivered"), failed: n("failed"), blocked: n("blocked"), costUsd: n("costUsd"), runs: n("runs"),
          agentMinutes: Math.round(n("agentMinutes")), queued: n("queued"), running: n("running"), review: n("review")
        }
      }),
      storeFailure("digest.summary")
    )
  return Digest.of({ summary })
})

export const layer = Layer.effect(Digest, make)
