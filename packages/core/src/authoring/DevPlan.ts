/**
 * DevPlan: an idea → a self-contained implementation plan from the system LLM, stored on the idea
 * (its `plan`, as JSON: the plan text and the ordered tasks it proposes), and convertible to tasks
 * with their dependencies. A plan that does not fit `StoredPlanText` is `BadOutput`; nothing is stored.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import { type AlreadyExists, InvalidInput, type NotFound, type StoreError } from "../domain/Errors.js"
import type { Idea } from "../domain/Idea.js"
import type { Task } from "../domain/Task.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Llm, type LlmError } from "../llm/Llm.js"
import { Ideas } from "../store/Ideas.js"
import { Tasks } from "../store/Tasks.js"
import { createChain } from "./TaskChain.js"

export const PlannedTask = Schema.Struct({
  title: Schema.String.pipe(Schema.trimmed(), Schema.minLength(1), Schema.maxLength(200)),
  description: Schema.String.pipe(Schema.maxLength(20_000)),
  acceptance: Schema.String.pipe(Schema.maxLength(10_000)),
  dependsOn: Schema.Array(Schema.Int)
})

/** What the model answers, and what is stored on the idea. */
export const DevPlanText = Schema.Struct({
  text: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100_000)),
  tasks: Schema.Array(PlannedTask).pipe(Schema.minItems(1), Schema.maxItems(20))
})
export type DevPlanText = typeof DevPlanText.Type

const SYSTEM = `You write implementation plans for autonomous coding agents. The plan must be self-contained:
a reader with only the repository and this plan can carry it out. Answer with one JSON object and nothing else:
{"text": "the plan in markdown: goal, approach, steps, risks, how to verify",
 "tasks": [{"title": "...", "description": "...", "acceptance": "- ...", "dependsOn": [indices of earlier tasks]}]}`

export interface DevPlanService {
  /** Plans the idea and stores the plan on it. */
  readonly plan: (ideaId: number) => Effect.Effect<DevPlanText, LlmError | NotFound | StoreError>
  /** The stored plan's tasks, created with their dependencies on `repo`; InvalidInput when the idea has no plan. */
  readonly toTasks: (ideaId: number, repo: string | null) => Effect.Effect<ReadonlyArray<Task>, InvalidInput | AlreadyExists | NotFound | StoreError>
}

export class DevPlan extends Context.Tag("@devserver/core/authoring/DevPlan")<DevPlan, DevPlanService>() {}

const decodeStored = Schema.decodeUnknownOption(Schema.parseJson(DevPlanText))

/** The plan stored on an idea, if it is a DevPlan. */
export const storedPlan = (idea: Idea) => (idea.plan === null ? null : decodeStored(idea.plan).pipe((o) => (o._tag === "Some" ? o.value : null)))

export const make = Effect.gen(function*() {
  const llm = yield* Llm
  const ideas = yield* Ideas
  const tasks = yield* Tasks
  const sql = yield* SqlClient.SqlClient
  return DevPlan.of({
    plan: (ideaId) =>
      Effect.gen(function*() {
        const idea = yield* ideas.get(ideaId)
        const { value } = yield* llm.completeJson(DevPlanText, { feature: "dev_plan", system: SYSTEM, prompt: `Idea: ${idea.title}\n\n${idea.body}`, maxTokens: 8000 })
        yield* sql`update ideas set plan = ${JSON.stringify(value)} where id = ${ideaId}`.pipe(storeFailure("ideas.plan"))
        return value
      }),
    toTasks: (ideaId, repo) =>
      Effect.gen(function*() {
        const plan = storedPlan(yield* ideas.get(ideaId))
        if (plan === null) return yield* new InvalidInput({ field: "idea", reason: `idea ${ideaId} has no plan yet: plan it first` })
        return yield* createChain(sql, tasks, plan.tasks.map((t) => ({ ...t, ideaId })), repo).pipe(storeFailure("ideas.planToTasks"))
      })
  })
})

export const layer = Layer.effect(DevPlan, make)
