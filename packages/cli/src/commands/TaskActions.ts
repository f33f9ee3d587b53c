/** What a person does with a task the pipeline handed back: accept, refuse, ask for more, run again, archive. */
import { Command, Options } from "@effect/cli"
import type { Task } from "@devserver/core/domain/Task"
import { Console, Effect, Layer } from "effect"
import * as os from "node:os"
import * as Flags from "../Flags.js"
import { load } from "../Lazy.js"

const module = load(() => import("@devserver/core/tasks/TaskActions"))
const actionsLayer = Layer.unwrapEffect(Effect.map(module, (m) => m.layer))
const actions = Effect.flatMap(module, (m) => m.TaskActions)
const by = () => `cli:${os.userInfo().username}`

const said = (verb: string) => (task: Task) => Console.log(`${verb} ${task.key} (${task.status})`)

export const taskContinue = Command.make("continue", {
  key: Flags.taskKey,
  note: Flags.optionalText("note", "What to do next, shown with the change.")
}, ({ key, note }) =>
  Effect.flatMap(actions, (a) => a.continue(key, { note: note._tag === "Some" ? note.value : undefined, by: by() })).pipe(
    Effect.flatMap(said("continued"))
  )).pipe(
    Command.withDescription("Queue a task in review again: the next run continues from its branch."),
    Command.provide(actionsLayer)
  )

export const done = Command.make("done", { key: Flags.taskKey }, ({ key }) =>
  Effect.flatMap(actions, (a) => a.done(key, { by: by() })).pipe(Effect.flatMap(said("accepted")))).pipe(
    Command.withDescription("Accept the work of a task in review (it becomes done)."),
    Command.provide(actionsLayer)
  )

export const reject = Command.make("reject", {
  key: Flags.taskKey,
  reason: Options.text("reason").pipe(Options.withDescription("Why the work is refused, stored with the task."))
}, ({ key, reason }) =>
  Effect.flatMap(actions, (a) => a.reject(key, { reason, by: by() })).pipe(Effect.flatMap(said("rejected")))).pipe(
    Command.withDescription("Refuse the work of a task in review (it becomes failed)."),
    Command.provide(actionsLayer)
  )

export const retry = Command.make("retry", { key: Flags.taskKey }, ({ key }) =>
  Effect.flatMap(actions, (a) => a.retry(key, { by: by() })).pipe(Effect.flatMap(said("queued")))).pipe(
    Command.withDescription("Queue a failed, blocked or cancelled task again."),
    Command.provide(actionsLayer)
  )

export const archive = Command.make("archive", { key: Flags.taskKey }, ({ key }) =>
  Effect.flatMap(actions, (a) => a.archive(key, true)).pipe(Effect.flatMap(said("archived")))).pipe(
    Command.withDescription("Hide a task that is not queued or running from listings (see task list --all)."),
    Command.provide(actionsLayer)
  )

export const unarchive = Command.make("unarchive", { key: Flags.taskKey }, ({ key }) =>
  Effect.flatMap(actions, (a) => a.archive(key, false)).pipe(Effect.flatMap(said("unarchived")))).pipe(
    Command.withDescription("Show an archived task in listings again."),
    Command.provide(actionsLayer)
  )
