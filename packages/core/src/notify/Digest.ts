/**
 * The daily digest: the figures of `Analytics` for yesterday and today (UTC; failed attempts costed)
 * and what waits now (`QueueOverview`). Nothing here counts on its own: both are SQL aggregates
 * computed when asked, shared with the dashboard and `devserver stats`.
 */
import { Context, Effect, Layer } from "effect"
import { Analytics } from "../analytics/Analytics.js"
import { QueueOverview } from "../analytics/QueueOverview.js"
import type { StoreError } from "../domain/Errors.js"
import type { Notification } from "./Notification.js"

export interface DigestSummary {
  readonly completed: number
  readonly failed: number
  /** USD of every attempt, failed ones included, and the failed attempts' part of it. */
  readonly costUsd: number
  readonly failedCostUsd: number
  readonly runs: number
  readonly agentMinutes: number
  /** Now: tasks queued, running (or verifying), in review and blocked. */
  readonly queued: number
  readonly running: number
  readonly review: number
  readonly blocked: number
}

export interface DigestService {
  /** Yesterday and today so far (UTC), and the queue now. */
  readonly summary: () => Effect.Effect<DigestSummary, StoreError>
}

export class Digest extends Context.Tag("@devserver/core/notify/Digest")<Digest, DigestService>() {}

/** The digest as a notification (kind `digest`). */
export const toNotification = (s: DigestSummary): Notification => ({
  kind: "digest",
  eventId: 0,
  taskKey: null,
  headline: "📊 Daily digest (yesterday and today, UTC)",
  lines: [
    `Delivered ${s.completed}, failed ${s.failed}`,
    `Spent $${s.costUsd.toFixed(2)} over ${s.runs} runs ($${s.failedCostUsd.toFixed(2)} on failed attempts), ${s.agentMinutes} agent minutes`,
    `Now: ${s.queued} queued, ${s.running} running, ${s.review} waiting for review, ${s.blocked} blocked`
  ],
  link: null,
  actions: []
})

export const make = Effect.gen(function*() {
  const analytics = yield* Analytics
  const overview = yield* QueueOverview
  const summary = () =>
    Effect.zipWith(
      // A window of 2 days is always valid input.
      analytics.stats({ days: 2 }).pipe(Effect.catchTag("InvalidInput", Effect.die)),
      overview.status(),
      ({ totals }, q): DigestSummary => ({
        completed: totals.completed,
        failed: totals.failed,
        costUsd: totals.costUsd,
        failedCostUsd: totals.failedCostUsd,
        runs: totals.runs,
        agentMinutes: Math.round(totals.agentMs / 60_000),
        queued: q.counts.queued,
        running: q.counts.running + q.counts.verifying,
        review: q.counts.review,
        blocked: q.counts.blocked
      })
    )
  return Digest.of({ summary })
})

export const layer = Layer.effect(Digest, make)
