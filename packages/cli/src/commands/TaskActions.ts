/** What a person does with a task the pipeline handed back: accept, refuse, ask for more, run again, archive. */
import { Command, Options } from "@effect/cli"
import type { Task } from "@devserver/core/domain/Task"
import { Console, Effect } from "effect"
import { Backend, type BackendError, type BackendService } from "../backend/Backend.js"
import * as Flags from "../Flags.js"

const said = (verb: string) => (task: Task) => Console.log(`${verb} ${task.key} (${task.status})`)
const act = (verb: string, f: (b: BackendService) => Effect.Effect<Task, BackendError>) => Effect.flatMap(Effect.flatMap(Backend, f), said(verb))

export const taskContinue = Command.make("continue", {
  key: Flags.taskKey,
  note: Flags.optionalText("note", "What to do next, shown with the change.")
}, ({ key, note }) => act("continued", (b) => b.continueTask(key, note._tag === "Some" ? note.value : undefined))).pipe(
  Command.withDescription("Queue a task in review again: the next run continues from its branch.")
)

export const done = Command.make("done", { key: Flags.taskKey }, ({ key }) => act("accepted", (b) => b.done(key))).pipe(
  Command.withDescription("Accept the work of a task in review (it becomes done).")
)

export const reject = Command.make("reject", {
  key: Flags.taskKey,
  reason: Options.text("reason").pipe(Options.withDescription("Why the work is refused, stored with the task."))
}, ({ key, reason }) => act("rejected", (b) => b.reject(key, reason))).pipe(
  Command.withDescription("Refuse the work of a task in review (it becomes failed).")
)

export const retry = Command.make("retry", { key: Flags.taskKey }, ({ key }) => act("queued", (b) => b.retry(key))).pipe(
  Command.withDescription("Queue a failed, blocked or cancelled task again.")
)

export const archive = Command.make("archive", { key: Flags.taskKey }, ({ key }) => act("archived", (b) => b.archive(key, true))).pipe(
  Command.withDescription("Hide a task that is not queued or running from listings (see task list --all).")
)

export const unarchive = Command.make("unarchive", { key: Flags.taskKey }, ({ key }) => act("unarchived", (b) => b.archive(key, false))).pipe(
  Command.withDescription("Show an archived task in listings again.")
)
