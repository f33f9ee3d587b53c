/**
 * Drives notifiers from the event log. Each notifier has a resume point (`notifier_cursors`, under its
 * name): the feed reads events after it in commit order (`EventStream`), turns the ones that call for
 * a notification into one (`NotificationRules`), skips kinds switched off in the `notifications`
 * setting, delivers, and only then moves the resume point. So a restart loses nothing and repeats
 * nothing, except a notification whose delivery was in flight when the process died (at least once).
 *
 * A notifier's first run starts at the newest event when `run` is called: history is not replayed into
 * a new chat, and everything after that call is delivered.
 * Delivery failures are retried with backoff (a channel's `retryAfterMs` is honoured); a `Rejected`
 * notification is logged and skipped, so one bad message cannot stall the feed.
 */
import { SqlClient } from "@effect/sql"
import { Context, Duration, Effect, Layer, Schedule, type Scope, Stream } from "effect"
import type { PipelineEvent } from "../domain/PipelineEvent.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { EventStream } from "../queue/EventStream.js"
import { Settings } from "../store/Settings.js"
import type { Notification } from "./Notification.js"
import { notificationFor, type TaskFacts } from "./NotificationRules.js"
import type { NotifierService, NotifyError } from "./Notifier.js"

export interface NotificationFeedService {
  /**
   * Delivers notifications to `notifier` in a fiber of the scope until the scope closes; returns once
   * the notifier's resume point exists. Store failures are retried from the stored resume point, so
   * they delay notifications, never lose them.
   */
  readonly run: (notifier: NotifierService) => Effect.Effect<void, never, Scope.Scope>
}

export class NotificationFeed extends Context.Tag("@devserver/core/notify/NotificationFeed")<NotificationFeed, NotificationFeedService>() {}

/** Event types that may notify: only these cost a lookup of the task. */
const NOTIFYING = new Set([
  "status_changed", "vendor_failover", "backup_model_switch", "budget_warning", "budget_exceeded", "preflight_failed",
  "plan_ready", "decision_raised"
])

/** How long a failing channel is retried before the feed gives the notification up (logged). */
const GIVE_UP_AFTER = Duration.hours(6)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const stream = yield* EventStream
  const settings = yield* Settings

  const cursorOf = (name: string) =>
    Effect.gen(function*() {
      const [row] = yield* sql<{ afterId: number }>`select after_id as "afterId" from notifier_cursors where name = ${name}`
      if (row !== undefined) return Number(row.afterId)
      const [latest] = yield* sql<{ id: number | null }>`select max(id) as id from events`
      const afterId = Number(latest?.id ?? 0)
      yield* sql`insert into notifier_cursors (name, after_id) values (${name}, ${afterId}) on conflict (name) do nothing`
      return afterId
    }).pipe(storeFailure("notify.cursor"))

  const saveCursor = (name: string, afterId: number) =>
    sql`update notifier_cursors set after_id = ${afterId}, updated_at = now() where name = ${name}`.pipe(storeFailure("notify.saveCursor"))

  const factsOf = (taskId: number) =>
    sql<{ key: string; title: string; prUrl: string | null; lastErrorClass: string | null }>`
      select t.key, t.title,
        (select pr_url from runs where task_id = t.id and pr_url is not null order by id desc limit 1) as "prUrl",
        (select coalesce(payload->>'class', payload->>'key') from events
          where task_id = t.id and type = 'error_classified' order by id desc limit 1) as "lastErrorClass"
      from tasks t where t.id = ${taskId}`.pipe(
      Effect.map(([row]): TaskFacts | null => row ?? null),
      storeFailure("notify.facts")
    )

  const notificationOf = (event: PipelineEvent) =>
    event.taskId === null || !NOTIFYING.has(event.payload.type)
      ? Effect.succeed(null)
      : Effect.map(factsOf(event.taskId), (facts) => notificationFor(event, facts))

  const deliver = (notifier: NotifierService, notification: Notification) =>
    notifier.send(notification).pipe(
      Effect.catchTag("NotifyError", (e) =>
        // A channel that names its wait is obeyed exactly; the schedule below adds its own backoff.
        e.retryAfterMs === undefined ? Effect.fail(e) : Effect.sleep(Duration.millis(e.retryAfterMs)).pipe(Effect.zipRight(Effect.fail(e)))),
      Effect.retry({
        while: (e: NotifyError) => e.reason !== "Rejected",
        schedule: Schedule.exponential("500 millis").pipe(Schedule.union(Schedule.spaced("1 minute")), Schedule.upTo(GIVE_UP_AFTER))
      }),
      Effect.catchAll((e) => Effect.logWarning(`notification for ${notification.taskKey ?? "digest"} dropped: ${e.message}`))
    )

  const handle = (notifier: NotifierService) => (event: PipelineEvent) =>
    Effect.gen(function*() {
      const notification = yield* notificationOf(event)
      if (notification === null) return
      const enabled = yield* settings.get("notifications")
      // Once delivered, the resume point moves even if the feed is being stopped: no repeat after a restart.
      yield* Effect.uninterruptibleMask((restore) =>
        (enabled[notification.kind] ? restore(deliver(notifier, notification)) : Effect.void).pipe(Effect.zipRight(saveCursor(notifier.name, event.id)))
      )
    })

  // Each (re)subscription starts from the stored resume point, which only moves after a delivery:
  // a store failure mid-stream repeats nothing that was delivered and skips nothing that was not.
  const feed = (notifier: NotifierService) =>
    cursorOf(notifier.name).pipe(
      Effect.flatMap((afterId) => stream.subscribe({ afterId }).pipe(Stream.runForEach(handle(notifier)))),
      Effect.tapError((e) => Effect.logWarning(`notification feed of ${notifier.name}: ${e.message}; retrying`)),
      Effect.retry(Schedule.exponential("200 millis").pipe(Schedule.union(Schedule.spaced("10 seconds")))),
      Effect.catchAllCause((cause) => Effect.logError("notification feed stopped", cause))
    )

  // A new notifier's resume point is stored before `run` returns, so whatever happens after that call
  // reaches it (otherwise events appended before the fiber's first read would be taken as history).
  const run = (notifier: NotifierService) =>
    cursorOf(notifier.name).pipe(
      Effect.tapError((e) => Effect.logWarning(`notification feed of ${notifier.name}: ${e.message}; retrying`)),
      Effect.ignore,
      Effect.zipRight(Effect.forkScoped(feed(notifier))),
      Effect.asVoid
    )

  return NotificationFeed.of({ run })
})

export const layer = Layer.effect(NotificationFeed, make)
