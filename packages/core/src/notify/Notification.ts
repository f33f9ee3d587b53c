/**
 * What a notifier is asked to deliver: one message about a task (or the daily digest), built from the
 * event log by `NotificationRules`. Channel-neutral: plain text lines, an optional link and optional
 * actions (buttons) that name the task they act on.
 */
import { Schema } from "effect"

/** Each kind can be switched off in the `notifications` setting. */
export const NotificationKind = Schema.Literal(
  "started", "succeeded", "failed", "failover", "budget", "preflight", "plan_ready", "decision", "digest"
)
export type NotificationKind = typeof NotificationKind.Type

/** A button offered with a notification; the receiver maps it to a core call. */
export interface NotificationAction {
  readonly label: string
  readonly action: "approve" | "reject"
  readonly taskKey: string
  /** Set when the button resolves one of the task's decisions instead of its plan. */
  readonly decisionId?: number | undefined
}

export interface Notification {
  readonly kind: NotificationKind
  /** The event that caused it (0 for a digest): notifiers can use it to deduplicate. */
  readonly eventId: number
  readonly taskKey: string | null
  /** One line, e.g. `▶ API-7 started: Fix the login test`. */
  readonly headline: string
  /** Further plain-text lines (error class, cost, …). */
  readonly lines: ReadonlyArray<string>
  /** A PR or other URL to open. */
  readonly link: string | null
  readonly actions: ReadonlyArray<NotificationAction>
}
