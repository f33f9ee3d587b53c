import { TemplateInput } from "@devserver/core/domain/Template"
import { Templates } from "@devserver/core/store/Templates"
import { Effect } from "effect"
import { procedure, router, run } from "../trpc.js"
import { ById, standard } from "./inputs.js"

export const templatesRouter = router({
  list: procedure.query(({ ctx }) => run(ctx, Effect.flatMap(Templates, (t) => t.list()))),
  get: procedure.input(ById).query(({ ctx, input }) => run(ctx, Effect.flatMap(Templates, (t) => t.get(input.id)))),
  create: procedure.input(standard(TemplateInput)).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Templates, (t) => t.add(input))))
})
