/**
 * The notification port: a channel (Telegram, a webhook, a script's own sink) that delivers
 * `Notification`s. `NotificationFeed` drives notifiers from the event log, in commit order, resuming
 * after the last notification each one acknowledged.
 */
import { Context, type Effect, Schema } from "effect"
import type { Notification } from "./Notification.js"

/** A notification could not be delivered. `RateLimited` and `Unavailable` are retried; `Rejected` is not. */
export class NotifyError extends Schema.TaggedError<NotifyError>()("NotifyError", {
  notifier: Schema.String,
  reason: Schema.Literal("RateLimited", "Unavailable", "Rejected"),
  detail: Schema.String,
  /** For `RateLimited`: how long the channel asked us to wait. */
  retryAfterMs: Schema.optional(Schema.Number)
}) {
  override get message() {
    return `${this.notifier} notification ${this.reason}: ${this.detail}`
  }
}

export interface NotifierService {
  /** A stable name: the feed stores each notifier's resume point under it. */
  readonly name: string
  /** Delivers one notification; fails with NotifyError (never a defect for a channel failure). */
  readonly send: (notification: Notification) => Effect.Effect<void, NotifyError>
}

export class Notifier extends Context.Tag("@devserver/core/notify/Notifier")<Notifier, NotifierService>() {}
