import { Runs } from "@devserver/core/store/Runs"
import { Tasks } from "@devserver/core/store/Tasks"
import { Effect } from "effect"
import { procedure, router, run } from "../trpc.js"
import { ByKey } from "./inputs.js"

export const runsRouter = router({
  /** A task's attempts, oldest first, with cost, turns, tokens and verification. */
  list: procedure.input(ByKey).query(({ ctx, input }) =>
    run(ctx, Effect.flatMap(Effect.flatMap(Tasks, (t) => t.get(input.key)), (task) => Effect.flatMap(Runs, (r) => r.forTask(task.id)))))
})
