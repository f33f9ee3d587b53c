import { Repos } from "@devserver/core/store/Repos"
import { Effect } from "effect"
import { procedure, router, run } from "../trpc.js"
import { ByName } from "./inputs.js"

export const reposRouter = router({
  list: procedure.query(({ ctx }) => run(ctx, Effect.flatMap(Repos, (r) => r.list()))),
  get: procedure.input(ByName).query(({ ctx, input }) => run(ctx, Effect.flatMap(Repos, (r) => r.get(input.name))))
})
