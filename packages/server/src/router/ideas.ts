import { IdeaInput } from "@devserver/core/domain/Idea"
import { Ideas } from "@devserver/core/store/Ideas"
import { Effect } from "effect"
import { procedure, router, run } from "../trpc.js"
import { ById, standard } from "./inputs.js"

export const ideasRouter = router({
  /** The whole tree, parents before children, siblings in order. */
  list: procedure.query(({ ctx }) => run(ctx, Effect.flatMap(Ideas, (i) => i.list()))),
  get: procedure.input(ById).query(({ ctx, input }) => run(ctx, Effect.flatMap(Ideas, (i) => i.get(input.id)))),
  create: procedure.input(standard(IdeaInput)).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Ideas, (i) => i.add(input))))
})
