/** `devserver decision list|approve|reject|edit`: the actions agents asked a person about. */
import { Command } from "@effect/cli"
import { Console, Effect, Layer } from "effect"
import { appLayer } from "../Config.js"
import * as Flags from "../Flags.js"
import { load } from "../Lazy.js"
import * as Render from "../Render.js"

const decisions = load(() => import("@devserver/core/decisions/Decisions"))
const service = Effect.flatMap(decisions, (m) => m.Decisions)

const list = Command.make("list", { task: Flags.optionalText("task", "Only this task's decisions."), json: Flags.json }, ({ json, task }) =>
  Effect.gen(function*() {
    const pending = yield* (yield* service).pending(task._tag === "Some" ? task.value : undefined)
    yield* json ? Render.json(pending) : pending.length === 0
      ? Console.log("no decision is waiting")
      : Render.table(["ID", "TASK", "ASKED", "ACTION"], pending.map((d) => [String(d.id), d.taskKey, Render.ago(d.createdAt), d.question.split("\n")[0]!]))
  })).pipe(Command.withDescription("Decisions waiting for a person."))

const resolveWith = (outcome: "approved" | "rejected") =>
  Command.make(outcome === "approved" ? "approve" : "reject", { id: Flags.id("decision") }, ({ id }) =>
    Effect.gen(function*() {
      const d = yield* (yield* service).resolve(id, outcome, "cli")
      yield* Console.log(`decision ${d.id} of ${d.taskKey} ${d.status}`)
    })).pipe(Command.withDescription(outcome === "approved" ? "Let the agent take the action." : "Refuse the action; the agent continues without it."))

const edit = Command.make("edit", { id: Flags.id("decision"), instruction: Flags.text("instruction", "What the agent should do instead.") }, ({ id, instruction }) =>
  Effect.gen(function*() {
    const d = yield* (yield* service).resolve(id, "edited", "cli", instruction)
    yield* Console.log(`decision ${d.id} of ${d.taskKey} edited`)
  })).pipe(Command.withDescription("Answer with an edited instruction instead of yes or no."))

export const decision = Command.make("decision").pipe(
  Command.withDescription("Review the side-effecting actions agents asked about."),
  Command.withSubcommands([list, resolveWith("approved"), resolveWith("rejected"), edit]),
  Command.provide(Layer.unwrapEffect(Effect.map(decisions, (m) => m.layer))),
  Command.provide(appLayer)
)
