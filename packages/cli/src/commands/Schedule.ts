import { Command, Options } from "@effect/cli"
import { InvalidInput } from "@devserver/core/domain/Errors"
import type { Schedule } from "@devserver/core/domain/Schedule"
import { Console, Effect, Layer, Option } from "effect"
import { Backend } from "../backend/Backend.js"
import { appLayer, backendLayer, localOnly } from "../Config.js"
import * as Flags from "../Flags.js"
import { load } from "../Lazy.js"
import * as Render from "../Render.js"

const module = load(() => import("@devserver/core/queue/Schedules"))
const schedules = Effect.flatMap(module, (m) => m.Schedules)
const schedulesLayer = localOnly(Effect.gen(function*() {
  const { layer } = yield* module
  const QueueLive = yield* load(() => import("@devserver/core/queue/QueueLive"))
  return layer.pipe(Layer.provide(QueueLive.layer))
}))

const targetOf = (s: Schedule) => (s.target._tag === "EnqueueTask" ? `task ${s.target.taskKey}` : `template ${s.target.templateId}`)

const add = Command.make("add", {
  name: Flags.text("name", "A unique name for the schedule."),
  when: Options.text("when").pipe(
    Options.withDescription("When it fires: a cron line (\"0 3 * * 1-5\"), @hourly, @daily, every 30m, every 2h, or HH:MM daily.")
  ),
  task: Flags.optionalText("task", "Enqueue this task each time (skipped while it is queued or running)."),
  template: Flags.optionalInt("template", "Create and enqueue a task from this template each time."),
  timezone: Flags.optionalText("timezone", "Time zone of the expression, e.g. Europe/Berlin (default UTC)."),
  json: Flags.json
}, ({ json, name, task, template, timezone, when }) =>
  Effect.gen(function*() {
    if (Option.isSome(task) === Option.isSome(template)) {
      return yield* new InvalidInput({ field: "target", reason: "give exactly one of --task KEY or --template ID" })
    }
    const target = Option.isSome(task)
      ? { _tag: "EnqueueTask" as const, taskKey: task.value }
      : { _tag: "FromTemplate" as const, templateId: Option.getOrThrow(template) }
    if (target._tag === "EnqueueTask") yield* Effect.flatMap(Effect.flatMap(load(() => import("@devserver/core/store/Tasks")), (m) => m.Tasks), (t) => t.get(target.taskKey))
    else yield* Effect.flatMap(Effect.flatMap(load(() => import("@devserver/core/store/Templates")), (m) => m.Templates), (t) => t.get(target.templateId))
    const schedule = yield* (yield* schedules).add({ name, expression: when, target, ...(Option.isSome(timezone) ? { timezone: timezone.value } : {}) })
    yield* json ? Render.json(schedule) : Console.log(`added schedule ${schedule.id} (${schedule.name}); first fire ${Render.ago(schedule.nextFireAt)}`)
  })).pipe(Command.withDescription("Enqueue a task, or a new task from a template, on a schedule."))

const list = Command.make("list", { json: Flags.json }, ({ json }) =>
  Effect.gen(function*() {
    const all = yield* (yield* Backend).listSchedules()
    yield* json
      ? Render.json(all)
      : Render.table(
        ["ID", "NAME", "WHEN", "NEXT", "LAST", "TARGET"],
        all.map((s) => [String(s.id), s.name, `${s.expression}${s.timezone === "UTC" ? "" : ` ${s.timezone}`}`, s.enabled ? Render.ago(s.nextFireAt) : "disabled", Render.ago(s.lastFiredAt), targetOf(s)])
      )
  })).pipe(Command.withDescription("List schedules with their next and last fire."))

const remove = Command.make("remove", { id: Flags.id("schedule") }, ({ id }) =>
  Effect.gen(function*() {
    yield* (yield* schedules).remove(id)
    yield* Console.log(`removed schedule ${id}`)
  })).pipe(Command.withDescription("Delete a schedule."))

const run = Command.make("run", { id: Flags.id("schedule") }, ({ id }) =>
  Effect.gen(function*() {
    const service = yield* schedules
    const found = (yield* service.list()).find((s) => s.id === id)
    const { NotFound } = yield* load(() => import("@devserver/core/domain/Errors"))
    if (!found) return yield* new NotFound({ entity: "schedule", id: String(id) })
    // Firing now = due now: the schedule's next fire is moved to this instant and due schedules fire.
    const { SqlClient } = yield* load(() => import("@effect/sql/SqlClient"))
    const sql = yield* SqlClient
    yield* sql`update schedules set next_fire_at = now() where id = ${id}`
    const fired = (yield* service.fireDue()).find((f) => f.scheduleId === id)
    yield* Console.log(
      fired === undefined ? `schedule ${id} did not fire (another process is firing it)`
      : fired.skipped !== null ? `schedule ${id} skipped: ${fired.skipped}`
      : `schedule ${id} fired: ${fired.taskKey} queued`
    )
  })).pipe(Command.withDescription("Fire a schedule now (its next fire is then computed from now)."))

export const schedule = Command.make("schedule").pipe(
  Command.withDescription("Run tasks on a schedule."),
  Command.withSubcommands([add, list, remove, run]),
  Command.provide(schedulesLayer),
  Command.provide(backendLayer),
  Command.provide(appLayer)
)
