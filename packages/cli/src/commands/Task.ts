import { Args, Command, Options } from "@effect/cli"
import type * as Task from "@devserver/core/domain/Task"
import * as TaskStatus from "@devserver/core/domain/TaskStatus"
import * as Tasks from "@devserver/core/store/Tasks"
import { Console, Effect, Option } from "effect"
import { appLayer } from "../Config.js"
import * as Flags from "../Flags.js"
import { given } from "../Inputs.js"
import * as Render from "../Render.js"
import { cancel } from "./TaskCancel.js"
import { enqueue } from "./TaskEnqueue.js"
import { logs } from "./TaskLogs.js"

const jsonFlag = Flags.json
const text = Flags.optionalText
const int = Flags.optionalInt

const add = Command.make("add", {
  title: Args.text({ name: "title" }),
  key: text("key", "Task key (letters, digits, - and _); generated when absent."),
  repo: text("repo", "Repository name (none = a scratch folder)."),
  description: text("description", "What to do."),
  acceptance: text("acceptance", "Acceptance criteria."),
  priority: int("priority", "1 critical … 4 low (3)."),
  labels: Options.text("label").pipe(Options.repeated, Options.withDescription("A label (repeatable).")),
  dependsOn: Options.text("depends-on").pipe(Options.repeated, Options.withDescription("A task this one waits for (repeatable).")),
  vendor: text("vendor", "anthropic, glm, google, openai or command."),
  model: text("model", "Model name."),
  backupVendor: text("backup-vendor", "Vendor to fail over to."),
  backupModel: text("backup-model", "Model to fail over to."),
  gitFlow: Options.choice("flow", ["pr", "commit", "patch", "untracked"]).pipe(Options.optional),
  billingMode: Options.choice("billing", ["api", "subscription"]).pipe(Options.optional),
  maxTurns: int("max-turns", "Turn limit (none = unlimited)."),
  skipVerification: Options.boolean("skip-verification"),
  interactive: Options.boolean("interactive").pipe(Options.withDescription("Approve a plan before the agent changes anything.")),
  json: jsonFlag
}, ({ interactive, json, skipVerification, ...rest }) =>
  Effect.gen(function*() {
    const task = yield* Effect.flatMap(Tasks.Tasks, (t) =>
      t.create({
        ...given(rest),
        ...(skipVerification ? { skipVerification } : {}),
        ...(interactive ? { mode: "interactive" as const } : {})
      }))
    yield* json ? Render.json(task) : Console.log(`added task ${task.key} (${task.status})`)
  })).pipe(Command.withDescription("Add a task."))

const list = Command.make("list", {
  status: Options.choice("status", TaskStatus.TaskStatus.literals).pipe(Options.optional),
  repo: text("repo", "Only this repository's tasks."),
  all: Options.boolean("all").pipe(Options.withDescription("Include archived tasks.")),
  limit: Options.integer("limit").pipe(Options.withDefault(100)),
  json: jsonFlag
}, ({ all, json, limit, repo, status }) =>
  Effect.gen(function*() {
    const tasks = yield* Effect.flatMap(Tasks.Tasks, (t) =>
      t.list({ status: Option.getOrUndefined(status), repo: Option.getOrUndefined(repo), includeArchived: all, limit }))
    yield* json
      ? Render.json(tasks)
      : Render.table(
        ["KEY", "STATUS", "PRI", "REPO", "TITLE"],
        tasks.map((t) => [t.key, t.status, String(t.priority), t.repo ?? "-", t.title])
      )
  })).pipe(Command.withDescription("List tasks, newest first."))

const describe = (t: Task.Task) =>
  Render.fields([
    ["key", t.key],
    ["title", t.title],
    ["status", t.blockedReason ? `${t.status} (${t.blockedReason})` : t.status],
    ["repo", t.repo ?? "(none: scratch folder)"],
    ["priority", String(t.priority)],
    ["labels", t.labels.join(", ") || "-"],
    ["agent", `${t.vendor ?? "(repo default)"}${t.model ? ` / ${t.model}` : ""}, ${t.billingMode} billing`],
    ["backup", t.backupVendor ? `${t.backupVendor}${t.backupModel ? ` / ${t.backupModel}` : ""}` : "-"],
    ["flow", t.gitFlow],
    ["max turns", t.maxTurns === null ? "unlimited" : String(t.maxTurns)],
    ["depends on", t.dependsOn.join(", ") || "-"],
    ["description", t.description || "-"],
    ["acceptance", t.acceptance || "-"],
    ["created", t.createdAt.toISOString()]
  ])

const show = Command.make("show", { key: Args.text({ name: "key" }), json: jsonFlag }, ({ json, key }) =>
  Effect.gen(function*() {
    const task = yield* Effect.flatMap(Tasks.Tasks, (t) => t.get(key))
    yield* json ? Render.json(task) : describe(task)
  })).pipe(Command.withDescription("Show one task."))

export const task = Command.make("task").pipe(
  Command.withDescription("Manage tasks."),
  Command.withSubcommands([add, list, show, enqueue, cancel, logs]),
  Command.provide(appLayer)
)
