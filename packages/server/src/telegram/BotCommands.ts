/**
 * The bot's commands, published as its command menu. Each is a short call into one core service,
 * rendered by `BotReplies`; every status change goes through the queue, the task actions or the
 * plan gate, exactly as from the CLI and the web.
 */
import { InvalidInput } from "@devserver/core/domain/Errors"
import { QueueOverview } from "@devserver/core/analytics/QueueOverview"
import { Spend } from "@devserver/core/budget/Spend"
import { PlanGate } from "@devserver/core/gates/PlanGate"
import { Digest } from "@devserver/core/notify/Digest"
import { Queue } from "@devserver/core/queue/Queue"
import { Settings } from "@devserver/core/store/Settings"
import { Tasks } from "@devserver/core/store/Tasks"
import { TaskActions } from "@devserver/core/tasks/TaskActions"
import { TaskStatus } from "@devserver/core/domain/TaskStatus"
import { Effect, Schema } from "effect"
import * as Reply from "./BotReplies.js"

export type BotServices = Tasks | Queue | TaskActions | QueueOverview | Settings | Spend | PlanGate | Digest

export interface BotCommand {
  readonly command: string
  readonly usage: string
  readonly description: string
  /** `args`: the text after the command; `by`: who asked (for the audit trail of status changes). */
  readonly run: (args: string, by: string) => Effect.Effect<string, unknown, BotServices>
}

/** The first word of the arguments (a task key), or a usage error. */
const firstWord = (args: string, usage: string) => {
  const word = args.trim().split(/\s+/)[0] ?? ""
  return word === "" ? Effect.fail(new InvalidInput({ field: "arguments", reason: `usage: ${usage}` })) : Effect.succeed(word)
}
const rest = (args: string) => args.trim().split(/\s+/).slice(1).join(" ")

const withKey = (usage: string, f: (key: string, by: string, args: string) => Effect.Effect<string, unknown, BotServices>) =>
  (args: string, by: string) => Effect.flatMap(firstWord(args, usage), (key) => f(key, by, args))

const isStatus = Schema.is(TaskStatus)

/** `/new repo: title` or `/new title`. */
const newTask = (args: string) => {
  const match = /^\s*([a-z0-9][a-z0-9-]*):\s+(.+)$/s.exec(args)
  return match === null ? { title: args.trim() } : { repo: match[1]!, title: match[2]!.trim() }
}

export const commands: ReadonlyArray<BotCommand> = [
  { command: "status", usage: "", description: "queue, workers and running tasks", run: () => Effect.map(Effect.flatMap(QueueOverview, (q) => q.status()), Reply.status) },
  {
    command: "tasks", usage: "[status]", description: "the 10 newest tasks, optionally of one status",
    run: (args) => {
      const status = args.trim()
      return Effect.map(Effect.flatMap(Tasks, (t) => t.list({ limit: 10, ...(isStatus(status) ? { status } : {}) })), Reply.tasks)
    }
  },
  { command: "task", usage: "KEY", description: "one task", run: withKey("/task KEY", (key) => Effect.map(Effect.flatMap(Tasks, (t) => t.get(key)), Reply.task)) },
  { command: "new", usage: "[repo:] title", description: "create a task", run: (args) => Effect.map(Effect.flatMap(Tasks, (t) => t.create(newTask(args))), (t) => Reply.moved("Created", t)) },
  { command: "enqueue", usage: "KEY", description: "queue a task", run: withKey("/enqueue KEY", (key) => Effect.map(Effect.flatMap(Queue, (q) => q.enqueue(key)), (t) => Reply.moved("Queued", t))) },
  { command: "cancel", usage: "KEY", description: "cancel a task (stops its agent)", run: withKey("/cancel KEY", (key, by) => Effect.map(Effect.flatMap(Queue, (q) => q.cancel(key, by)), (t) => Reply.moved("Cancelled", t))) },
  { command: "retry", usage: "KEY", description: "run a failed, blocked or cancelled task again", run: withKey("/retry KEY", (key, by) => Effect.map(Effect.flatMap(TaskActions, (a) => a.retry(key, { by })), (t) => Reply.moved("Queued again", t))) },
  { command: "approve", usage: "KEY", description: "approve a task's plan", run: withKey("/approve KEY", (key, by) => Effect.map(Effect.flatMap(PlanGate, (g) => g.approve(key, by)), (t) => Reply.moved("Plan approved", t))) },
  {
    command: "reject", usage: "KEY [reason]", description: "reject a task's plan",
    run: withKey("/reject KEY [reason]", (key, by, args) => Effect.map(Effect.flatMap(PlanGate, (g) => g.reject(key, by, rest(args) || undefined)), (t) => Reply.moved("Plan rejected", t)))
  },
  { command: "pause", usage: "", description: "stop starting new tasks", run: () => Effect.as(Effect.flatMap(Settings, (s) => s.set("queuePaused", true)), Reply.paused(true)) },
  { command: "resume", usage: "", description: "start new tasks again", run: () => Effect.as(Effect.flatMap(Settings, (s) => s.set("queuePaused", false)), Reply.paused(false)) },
  {
    command: "budget", usage: "", description: "today's spend against the daily cap",
    run: () => Effect.flatMap(Effect.all([Spend, Settings]), ([spend, s]) => Effect.zipWith(spend.today(), s.get("dailySpendCapUsd"), Reply.budget))
  },
  { command: "digest", usage: "", description: "the last 24 hours", run: () => Effect.map(Effect.flatMap(Digest, (d) => d.summary()), Reply.digest) },
  { command: "help", usage: "", description: "this list", run: () => Effect.succeed(Reply.help(commands)) }
]
