import { QueueOverview } from "@devserver/core/analytics/QueueOverview"
import { Effect, Stream } from "effect"
import { iterate, procedure, router, run } from "../trpc.js"

export const queueRouter = router({
  status: procedure.query(({ ctx }) => run(ctx, Effect.flatMap(QueueOverview, (q) => q.status()))),
  /** The queue now, then after every change. */
  watch: procedure.subscription(({ ctx }) => iterate(ctx, Stream.unwrap(Effect.map(QueueOverview, (q) => q.watch()))))
})
