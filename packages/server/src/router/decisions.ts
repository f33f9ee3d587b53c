/** Decisions agents asked a person about: the pending ones (all or one task's), approve, reject or edit. */
import { Decisions } from "@devserver/core/decisions/Decisions"
import { TaskKey } from "@devserver/core/domain/Ids"
import { Effect, Schema } from "effect"
import { procedure, router, run } from "../trpc.js"
import { ById, standard } from "./inputs.js"

const ListInput = standard(Schema.Struct({ taskKey: Schema.optional(TaskKey) }))
const EditInput = standard(Schema.Struct({ id: Schema.Int, instruction: Schema.String.pipe(Schema.trimmed(), Schema.minLength(1), Schema.maxLength(4000)) }))

export const decisionsRouter = router({
  pending: procedure.input(ListInput).query(({ ctx, input }) => run(ctx, Effect.flatMap(Decisions, (d) => d.pending(input.taskKey)))),
  approve: procedure.input(ById).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Decisions, (d) => d.resolve(input.id, "approved", "web")))),
  reject: procedure.input(ById).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Decisions, (d) => d.resolve(input.id, "rejected", "web")))),
  edit: procedure.input(EditInput).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Decisions, (d) => d.resolve(input.id, "edited", "web", input.instruction))))
})
