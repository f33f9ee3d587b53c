/** The plan gate of interactive tasks: read the newest plan, approve it (queued again) or reject it (cancelled). */
import { PlanGate } from "@devserver/core/gates/PlanGate"
import { TaskKey } from "@devserver/core/domain/Ids"
import { Tasks } from "@devserver/core/store/Tasks"
import { Effect, Schema } from "effect"
import { procedure, router, run } from "../trpc.js"
import { ByKey, standard } from "./inputs.js"

const RejectInput = standard(Schema.Struct({ key: TaskKey, reason: Schema.optional(Schema.String.pipe(Schema.maxLength(2000))) }))

export const plansRouter = router({
  /** The task's newest plan (awaiting, approved or rejected), or null. */
  get: procedure.input(ByKey).query(({ ctx, input }) =>
    run(ctx, Effect.flatMap(Effect.all([Tasks, PlanGate]), ([t, g]) => Effect.flatMap(t.get(input.key), (task) => g.latest(task.id))))),
  approve: procedure.input(ByKey).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(PlanGate, (g) => g.approve(input.key, "web")))),
  reject: procedure.input(RejectInput).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(PlanGate, (g) => g.reject(input.key, "web", input.reason))))
})
