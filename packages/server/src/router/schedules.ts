import { ScheduleInput } from "@devserver/core/domain/Schedule"
import { Schedules } from "@devserver/core/queue/Schedules"
import { Effect } from "effect"
import { procedure, router, run } from "../trpc.js"
import { ById, standard } from "./inputs.js"

export const schedulesRouter = router({
  list: procedure.query(({ ctx }) => run(ctx, Effect.flatMap(Schedules, (s) => s.list()))),
  create: procedure.input(standard(ScheduleInput)).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Schedules, (s) => s.add(input)))),
  remove: procedure.input(ById).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Schedules, (s) => s.remove(input.id))))
})
