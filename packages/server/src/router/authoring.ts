/** The system LLM's authoring: Fill Task (one line → a draft, optionally stored), DevPlan and the goal graph of ideas. */
import { DevPlan } from "@devserver/core/authoring/DevPlan"
import { FillTask } from "@devserver/core/authoring/FillTask"
import { GoalGraph } from "@devserver/core/authoring/GoalGraph"
import { RepoName } from "@devserver/core/domain/Ids"
import { Effect, Schema } from "effect"
import { procedure, router, run } from "../trpc.js"
import { ById, standard } from "./inputs.js"

const Repo = Schema.optionalWith(Schema.NullOr(RepoName), { default: () => null })
const FillInput = standard(Schema.Struct({ text: Schema.String.pipe(Schema.trimmed(), Schema.minLength(1), Schema.maxLength(2000)), repo: Repo }))
const IdeaTasksInput = standard(Schema.Struct({ id: Schema.Int, repo: Repo, fromPlan: Schema.optionalWith(Schema.Boolean, { default: () => false }) }))

export const authoringRouter = router({
  /** A validated task draft; nothing is stored. */
  fill: procedure.input(FillInput).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(FillTask, (f) => f.draft(input.text, input.repo)))),
  /** Drafts and stores the task. */
  fillAndSave: procedure.input(FillInput).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(FillTask, (f) => f.save(input.text, input.repo)))),
  planIdea: procedure.input(ById).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(DevPlan, (p) => p.plan(input.id)))),
  expandIdea: procedure.input(ById).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(GoalGraph, (g) => g.expand(input.id)))),
  /** The idea's goal-graph leaves (or its DevPlan's tasks) as tasks with their dependencies. */
  ideaTasks: procedure.input(IdeaTasksInput).mutation(({ ctx, input }) =>
    run(ctx, input.fromPlan ? Effect.flatMap(DevPlan, (p) => p.toTasks(input.id, input.repo)) : Effect.flatMap(GoalGraph, (g) => g.toTasks(input.id, input.repo))))
})
