/**
 * Commands over the system LLM and the gates: `task fill`, `task forecast`, `task compact`,
 * `task approve` (a plan), `idea plan|expand|tasks`. Each calls one core service.
 */
import { Command, Options } from "@effect/cli"
import { Console, Effect, Layer } from "effect"
import { Backend } from "../backend/Backend.js"
import * as Flags from "../Flags.js"
import { load } from "../Lazy.js"
import * as Render from "../Render.js"

/** The system LLM (configured from the environment) under the authoring and context services. */
const llmServices = Layer.unwrapEffect(Effect.gen(function*() {
  const [llm, fill, plan, graph, compaction] = yield* Effect.all([
    load(() => import("@devserver/core/llm/LlmLive")),
    load(() => import("@devserver/core/authoring/FillTask")),
    load(() => import("@devserver/core/authoring/DevPlan")),
    load(() => import("@devserver/core/authoring/GoalGraph")),
    load(() => import("@devserver/core/context/Compaction"))
  ])
  return Layer.mergeAll(fill.layer, plan.layer, graph.layer, compaction.layer).pipe(Layer.provide(llm.layerConfig))
}))

const repo = Flags.optionalText("repo", "The repository the task is for.")

export const fill = Command.make("fill", {
  text: Flags.text("text", "What you want done, in one line."),
  repo,
  save: Options.boolean("save").pipe(Options.withDescription("Store the drafted task (pending) instead of only showing it.")),
  json: Flags.json
}, ({ json, repo, save, text }) =>
  Effect.gen(function*() {
    const { FillTask } = yield* load(() => import("@devserver/core/authoring/FillTask"))
    const service = yield* FillTask
    const repoName = repo._tag === "Some" ? repo.value : null
    if (save) {
      const task = yield* service.save(text, repoName)
      return yield* json ? Render.json(task) : Console.log(`added ${task.key}: ${task.title}\nnext: devserver task show ${task.key}`)
    }
    const draft = yield* service.draft(text, repoName)
    yield* json ? Render.json(draft) : Render.fields([
      ["title", draft.title],
      ["priority", String(draft.priority)],
      ["labels", draft.labels.join(", ") || "-"],
      ["max turns", draft.maxTurns === null ? "-" : String(draft.maxTurns)],
      ["description", draft.description],
      ["acceptance", draft.acceptance]
    ])
  })).pipe(Command.withDescription("Draft a full task from one line with the system LLM (--save stores it)."), Command.provide(llmServices))

export const forecast = Command.make("forecast", { key: Flags.taskKey, json: Flags.json }, ({ json, key }) =>
  Effect.gen(function*() {
    const { Forecast, layer } = yield* load(() => import("@devserver/core/context/Forecast"))
    const f = yield* Effect.flatMap(Forecast, (s) => s.forecast(key)).pipe(Effect.provide(layer))
    if (json) return yield* Render.json(f)
    yield* Render.fields([
      ["success", f.successProbability === null ? "unknown (no finished task in this repo)" : `${Math.round(100 * f.successProbability)} %`],
      ["agent time", Render.duration(f.expectedDurationMs)],
      ["turns", f.expectedTurns === null ? "-" : String(Math.round(f.expectedTurns))],
      ["based on", `${f.sampleSize} similar task(s)`]
    ])
    if (f.similar.length > 0) {
      yield* Render.table(["KEY", "OUTCOME", "TIME", "TITLE"], f.similar.map((s) => [s.key, s.delivered ? "delivered" : "failed", Render.duration(s.durationMs), s.title]))
    }
  })).pipe(Command.withDescription("Forecast a task's outcome from similar finished tasks of its repo."))

export const compact = Command.make("compact", { key: Flags.taskKey, json: Flags.json }, ({ json, key }) =>
  Effect.gen(function*() {
    const { Compaction, render } = yield* load(() => import("@devserver/core/context/Compaction"))
    const compacted = yield* Effect.flatMap(Compaction, (c) => c.compact(key))
    yield* json ? Render.json(compacted) : Console.log(render(compacted))
  })).pipe(Command.withDescription("Condense a task's earlier runs for its next fresh attempt (system LLM)."), Command.provide(llmServices))

export const approve = Command.make("approve", { key: Flags.taskKey }, ({ key }) =>
  Effect.gen(function*() {
    const task = yield* (yield* Backend).approvePlan(key)
    yield* Console.log(`plan of ${task.key} approved; the task is ${task.status}. Follow it: devserver task logs ${task.key} --follow`)
  })).pipe(Command.withDescription("Approve the plan an interactive task waits on; it is queued again."))

const ideaId = Flags.id("idea")

export const ideaPlan = Command.make("plan", { id: ideaId, json: Flags.json }, ({ id, json }) =>
  Effect.gen(function*() {
    const { DevPlan } = yield* load(() => import("@devserver/core/authoring/DevPlan"))
    const plan = yield* Effect.flatMap(DevPlan, (p) => p.plan(id))
    yield* json ? Render.json(plan) : Console.log(`${plan.text}\n\n${plan.tasks.length} task(s) proposed; create them: devserver idea tasks ${id} --repo NAME`)
  })).pipe(Command.withDescription("Write a self-contained implementation plan for an idea (system LLM)."), Command.provide(llmServices))

export const ideaExpand = Command.make("expand", { id: ideaId, json: Flags.json }, ({ id, json }) =>
  Effect.gen(function*() {
    const { GoalGraph } = yield* load(() => import("@devserver/core/authoring/GoalGraph"))
    const expansion = yield* Effect.flatMap(GoalGraph, (g) => g.expand(id))
    if (json) return yield* Render.json(expansion)
    yield* Console.log(expansion.decision === "atomic"
      ? `idea ${id} is atomic: ${expansion.reason}`
      : [`idea ${id} split into ${expansion.children.length}:`, ...expansion.children.map((c, i) => `  ${i + 1}. ${c.title}${c.dependsOn.length === 0 ? "" : ` (after ${c.dependsOn.map((d) => d + 1).join(", ")})`}`)].join("\n"))
  })).pipe(Command.withDescription("Expand a goal: atomic, or 3–7 ordered sub-goals (system LLM)."), Command.provide(llmServices))

export const ideaTasks = Command.make("tasks", { id: ideaId, repo, fromPlan: Options.boolean("from-plan").pipe(Options.withDescription("Create the tasks of the idea's DevPlan instead of its goal-graph leaves.")), json: Flags.json }, ({ fromPlan, id, json, repo }) =>
  Effect.gen(function*() {
    const repoName = repo._tag === "Some" ? repo.value : null
    const created = fromPlan
      ? yield* Effect.flatMap(Effect.flatMap(load(() => import("@devserver/core/authoring/DevPlan")), (m) => m.DevPlan), (p) => p.toTasks(id, repoName))
      : yield* Effect.flatMap(Effect.flatMap(load(() => import("@devserver/core/authoring/GoalGraph")), (m) => m.GoalGraph), (g) => g.toTasks(id, repoName))
    yield* json ? Render.json(created) : Render.table(["KEY", "WAITS FOR", "TITLE"], created.map((t) => [t.key, t.dependsOn.join(", ") || "-", t.title]))
  })).pipe(Command.withDescription("Turn an idea's leaves (or its plan) into tasks with their dependencies."), Command.provide(llmServices))
