import { QueueOverview } from "@devserver/core/analytics/QueueOverview"
import { Settings } from "@devserver/core/store/Settings"
import { Effect, Schema, Stream } from "effect"
import { iterate, procedure, router, run } from "../trpc.js"
import { standard } from "./inputs.js"

const ConcurrencyInput = standard(Schema.Struct({ maxConcurrency: Schema.Int.pipe(Schema.between(1, 64, { message: () => "concurrency is 1 to 64" })) }))
const setting = (key: "queuePaused" | "maxConcurrency", value: unknown) => Effect.flatMap(Settings, (s) => s.set(key, value))

export const queueRouter = router({
  status: procedure.query(({ ctx }) => run(ctx, Effect.flatMap(QueueOverview, (q) => q.status()))),
  /** No new claims from now on; running tasks continue. */
  pause: procedure.mutation(({ ctx }) => run(ctx, setting("queuePaused", true))),
  resume: procedure.mutation(({ ctx }) => run(ctx, setting("queuePaused", false))),
  /** Tasks each worker runs at once, applied live. */
  setConcurrency: procedure.input(ConcurrencyInput).mutation(({ ctx, input }) => run(ctx, setting("maxConcurrency", input.maxConcurrency))),
  /** The queue now, then after every change. */
  watch: procedure.subscription(({ ctx }) => iterate(ctx, Stream.unwrap(Effect.map(QueueOverview, (q) => q.watch()))))
})
