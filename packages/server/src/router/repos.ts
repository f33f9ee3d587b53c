import { RepoCheck } from "@devserver/core/delivery/RepoCheck"
import { Repos } from "@devserver/core/store/Repos"
import { RepoInput } from "@devserver/core/domain/Repo"
import { Effect, Schema } from "effect"
import { procedure, router, run } from "../trpc.js"
import { ByName, standard } from "./inputs.js"

/** The access token travels browser → server only; it is sealed by core and never sent back. */
const AddInput = standard(Schema.extend(RepoInput, Schema.Struct({ token: Schema.optional(Schema.Redacted(Schema.String)) })))

export const reposRouter = router({
  list: procedure.query(({ ctx }) => run(ctx, Effect.flatMap(Repos, (r) => r.list()))),
  get: procedure.input(ByName).query(({ ctx, input }) => run(ctx, Effect.flatMap(Repos, (r) => r.get(input.name)))),
  /** Clone access and the forge token's scope, one check each (as `devserver repo test`). */
  test: procedure.input(ByName).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(RepoCheck, (c) => c.test(input.name)))),
  add: procedure.input(AddInput).mutation(({ ctx, input: { token, ...repo } }) => run(ctx, Effect.flatMap(Repos, (r) => r.add(repo, token))))
})
