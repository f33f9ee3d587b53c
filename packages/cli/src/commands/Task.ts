import { approve, compact, fill, forecast } from "./Authoring.js"
import { Command, Options } from "@effect/cli"
import type * as Task from "@devserver/core/domain/Task"
import { InvalidInput } from "@devserver/core/domain/Errors"
import * as TaskStatus from "@devserver/core/domain/TaskStatus"
import { Console, Effect, Option } from "effect"
import * as Checks from "../Checks.js"
import { Backend } from "../backend/Backend.js"
import { appLayer, backendLayer } from "../Config.js"
import * as Flags from "../Flags.js"
import { given } from "../Inputs.js"
import * as Render from "../Render.js"
import { archive, done, reject, retry, taskContinue, unarchive } from "./TaskActions.js"
import { cancel } from "./TaskCancel.js"
import { enqueue } from "./TaskEnqueue.js"
import { logs } from "./TaskLogs.js"
import { show } from "./TaskShow.js"
import { patch } from "./TaskPatch.js"

const text = Flags.optionalText
const int = Flags.optionalInt

/**
 * A local repo is worked on in the user's own folder and never pushed: its tasks deliver a patch by
 * default, and `pr` / `commit` (which push) are refused.
 */
const flowFor = (repo: Option.Option<string>, flow: Option.Option<Task.GitFlow>) =>
  Effect.gen(function*() {
    if (Option.isNone(repo)) return flow
    const found = yield* Effect.flatMap(Backend, (b) => b.getRepo(repo.value))
    if (found.provider !== "local") return flow
    if (Option.isNone(flow)) return Option.some<Task.GitFlow>("patch")
    if (flow.value === "pr" || flow.value === "commit") {
      return yield* new InvalidInput({ field: "flow", reason: `${repo.value} is a local repo, which is never pushed: use --flow patch or untracked` })
    }
    return flow
  })

const add = Command.make("add", {
  title: Flags.text("title", "What the task is, in a line."),
  key: text("key", "Task key (letters, digits, - and _; default: generated from the repo name)."),
  repo: text("repo", "Repository to work on (default: none, a scratch folder)."),
  description: text("description", "What to do, in detail."),
  acceptance: text("acceptance", "How to tell it is done."),
  priority: int("priority", "1 critical, 2 high, 3 normal (default), 4 low."),
  labels: Flags.repeatedText("label", "A label."),
  dependsOn: Flags.repeatedText("depends-on", "Key of a task that must reach review or done first."),
  vendor: text("vendor", "anthropic, glm, google, openai or command (default: the repo's, else the setting)."),
  model: text("model", "Model name (default: the vendor's own)."),
  backupVendor: text("backup-vendor", "Vendor to fail over to."),
  backupModel: text("backup-model", "Model to fail over to."),
  gitFlow: Options.choice("flow", ["pr", "commit", "patch", "untracked"]).pipe(
    Options.optional,
    Options.withDescription("How the work is delivered (default: pr; patch for a local repo).")
  ),
  billingMode: Options.choice("billing", ["api", "subscription"]).pipe(Options.optional, Options.withDescription("How the vendor is paid (default: api).")),
  maxTurns: int("max-turns", "Turn limit (default: unlimited)."),
  skipVerification: Options.boolean("skip-verification").pipe(Options.withDescription("Do not run the repo's build, test and lint.")),
  interactive: Options.boolean("interactive").pipe(Options.withDescription("Approve a plan before the agent changes anything.")),
  json: Flags.json
}, ({ gitFlow, interactive, json, skipVerification, ...rest }) =>
  Effect.gen(function*() {
    yield* Checks.vendor("vendor", rest.vendor)
    yield* Checks.vendor("backupVendor", rest.backupVendor)
    const flow = yield* flowFor(rest.repo, gitFlow)
    const task = yield* (yield* Backend).createTask({
      ...given({ ...rest, gitFlow: flow }),
      ...(skipVerification ? { skipVerification } : {}),
      ...(interactive ? { mode: "interactive" as const } : {})
    })
    yield* json ? Render.json(task) : Console.log(`added task ${task.key} (${task.status}); next: devserver task enqueue ${task.key}`)
  })).pipe(Command.withDescription("Add a task (pending until enqueued, unless the autoEnqueue setting is on)."))

const list = Command.make("list", {
  status: Options.choice("status", TaskStatus.TaskStatus.literals).pipe(Options.optional, Options.withDescription("Only tasks in this status.")),
  repo: text("repo", "Only this repository's tasks."),
  all: Options.boolean("all").pipe(Options.withDescription("Include archived tasks.")),
  limit: Options.integer("limit").pipe(Options.withDefault(100), Options.withDescription("At most this many (default 100).")),
  json: Flags.json
}, ({ all, json, limit, repo, status }) =>
  Effect.gen(function*() {
    const found = yield* (yield* Backend).listTasks({ status: Option.getOrUndefined(status), repo: Option.getOrUndefined(repo), includeArchived: all, limit })
    yield* json
      ? Render.json(found)
      : Render.table(
        ["KEY", "STATUS", "PRI", "REPO", "UPDATED", "TITLE"],
        found.map((t) => [t.key, t.status, String(t.priority), t.repo ?? "-", Render.ago(t.updatedAt), t.title])
      )
  })).pipe(Command.withDescription("List tasks, newest first (archived ones with --all)."))

export const task = Command.make("task").pipe(
  Command.withDescription("Add, run and follow tasks; accept or refuse their work."),
  Command.withSubcommands([add, list, show, enqueue, logs, cancel, taskContinue, done, reject, retry, archive, unarchive, patch, fill, forecast, compact, approve]),
  Command.provide(backendLayer),
  Command.provide(appLayer)
)
