/** The bot's replies, in MarkdownV2 with every piece of stored text escaped. */
import type { QueueStatus } from "@devserver/core/domain/QueueStatus"
import type { Task } from "@devserver/core/domain/Task"
import type { DigestSummary } from "@devserver/core/notify/Digest"
import { toNotification } from "@devserver/core/notify/Digest"
import { bold, code, escape } from "./MarkdownV2.js"
import { render } from "./TelegramNotifier.js"

const line = (task: Task) => `${code(task.key)} ${escape(`[${task.status}] ${task.title}`)}`

export const status = (q: QueueStatus): string =>
  [
    bold(q.paused ? "Queue paused" : "Queue running"),
    escape(`Workers: ${q.workers.length}, concurrency ${q.maxConcurrency} each`),
    escape(`Queued ${q.counts.queued}, running ${q.counts.running + q.counts.verifying}, review ${q.counts.review}, failed ${q.counts.failed}, blocked ${q.counts.blocked}`),
    ...q.running.map((r) => `▶ ${code(r.key)} ${escape(r.title)}`)
  ].join("\n")

export const tasks = (list: ReadonlyArray<Task>): string =>
  list.length === 0 ? escape("No tasks.") : [bold(`${list.length} most recent tasks`), ...list.map(line)].join("\n")

export const task = (t: Task): string =>
  [
    `${bold(`${t.key} ${t.title}`)}`,
    escape(`Status: ${t.status}${t.blockedReason === null ? "" : ` (${t.blockedReason})`}`),
    escape(`Repo: ${t.repo ?? "none"} · priority ${t.priority} · flow ${t.gitFlow}`),
    ...(t.description === "" ? [] : [escape(t.description.slice(0, 600))])
  ].join("\n")

/** A task after an action: `verb` says what happened. */
export const moved = (verb: string, t: Task): string => `${escape(`${verb}:`)} ${line(t)}`

export const budget = (spentUsd: number, capUsd: number | null): string =>
  escape(capUsd === null
    ? `Spent today: $${spentUsd.toFixed(2)} (no daily cap set)`
    : `Spent today: $${spentUsd.toFixed(2)} of the $${capUsd.toFixed(2)} daily cap (${Math.round(100 * spentUsd / capUsd)} %)`)

export const digest = (s: DigestSummary): string => render(toNotification(s))

export const paused = (isPaused: boolean): string =>
  escape(isPaused ? "Queue paused: no new task starts; running tasks continue." : "Queue resumed.")

export const help = (commands: ReadonlyArray<{ readonly command: string; readonly usage: string; readonly description: string }>): string =>
  commands.map((c) => `${escape(`/${c.command}${c.usage === "" ? "" : ` ${c.usage}`}`)} ${escape(`— ${c.description}`)}`).join("\n")
