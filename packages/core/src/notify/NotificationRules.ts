/**
 * Which events become notifications, and what they say: a pure function of the event and a few facts
 * about its task, so every channel words things the same way. Events that are not listed here
 * (agent chatter, log lines, verification steps) notify nobody.
 */
import type { PipelineEvent } from "../domain/PipelineEvent.js"
import type { Notification, NotificationKind } from "./Notification.js"

/** What the feed looks up about the event's task. */
export interface TaskFacts {
  readonly key: string
  readonly title: string
  /** The newest PR of the task's runs, if any. */
  readonly prUrl: string | null
  /** The class of the task's last classified error, if any. */
  readonly lastErrorClass: string | null
}

const usd = (n: number) => `$${n.toFixed(2)}`

const make = (kind: NotificationKind, event: PipelineEvent, task: TaskFacts | null, headline: string, extra: Partial<Notification> = {}): Notification => ({
  kind,
  eventId: event.id,
  taskKey: task?.key ?? null,
  headline,
  lines: [],
  link: null,
  actions: [],
  ...extra
})

/** The notification an event calls for, or null. `task` is null for events without a task. */
export const notificationFor = (event: PipelineEvent, task: TaskFacts | null): Notification | null => {
  if (task === null) return null
  const p = event.payload
  const name = `${task.key} ${task.title}`
  switch (p.type) {
    case "status_changed":
      if (p.to === "running" && p.from === "queued") return make("started", event, task, `▶ Started ${name}`)
      if (p.to === "review") {
        return make("succeeded", event, task, `✅ Ready for review: ${name}`, {
          lines: task.prUrl === null ? [] : [`Pull request: ${task.prUrl}`],
          link: task.prUrl
        })
      }
      if (p.to === "failed") {
        const lines = [
          ...(task.lastErrorClass === null ? [] : [`Error class: ${task.lastErrorClass}`]),
          ...(p.reason === undefined ? [] : [p.reason.slice(0, 300)])
        ]
        return make("failed", event, task, `❌ Failed: ${name}`, { lines })
      }
      return null
    case "vendor_failover":
      return make("failover", event, task, `↪ Failover: ${name}`, {
        lines: [`${p.fromVendor} → ${p.toVendor}${p.toModel === null ? "" : ` (${p.toModel})`}`]
      })
    case "backup_model_switch":
      return make("failover", event, task, `↪ Backup model: ${name}`, { lines: [`${p.vendor}: ${p.fromModel ?? "default"} → ${p.toModel}`] })
    case "budget_warning":
    case "budget_exceeded": {
      const used = p.kind === "usd" ? `${usd(p.used)} of ${usd(p.limit)}` : `${Math.round(p.used)} s of ${p.limit} s`
      const verb = p.type === "budget_warning" ? "80 % of budget used" : "Budget exceeded, task blocked"
      return make("budget", event, task, `💸 ${verb}: ${name}`, { lines: [used] })
    }
    case "preflight_failed":
      return make("preflight", event, task, `🛑 Delivery blocked by preflight: ${name}`, {
        lines: p.violations.slice(0, 10).map((v) => `${v.rule}: ${v.file}`)
      })
    case "plan_ready":
      return make("plan_ready", event, task, `📝 Plan ready for approval: ${name}`, {
        lines: [p.summary.slice(0, 1000)],
        actions: [
          { label: "Approve", action: "approve", taskKey: task.key },
          { label: "Reject", action: "reject", taskKey: task.key }
        ]
      })
    case "decision_raised":
      return make("decision", event, task, `❓ Decision needed: ${name}`, {
        lines: [p.question.slice(0, 1000)],
        actions: [
          { label: "Approve", action: "approve", taskKey: task.key, decisionId: p.decisionId },
          { label: "Reject", action: "reject", taskKey: task.key, decisionId: p.decisionId }
        ]
      })
    default:
      return null
  }
}
