import { Analytics } from "@devserver/core/analytics/Analytics"
import { StatsQuery } from "@devserver/core/domain/Stats"
import { Effect } from "effect"
import { procedure, router, run } from "../trpc.js"
import { standard } from "./inputs.js"

export const statsRouter = router({
  /** Totals and per-day series for the last 1–90 days; failed attempts' cost included. */
  summary: procedure.input(standard(StatsQuery)).query(({ ctx, input }) => run(ctx, Effect.flatMap(Analytics, (a) => a.stats(input))))
})
