/**
 * What helps a person judge a task: its outcome forecast, compaction of its earlier attempts (on
 * demand, by the system LLM) and its latest patch series as text (`combined.mbox`, for `git am`).
 */
import { Compaction } from "@devserver/core/context/Compaction"
import { Forecast } from "@devserver/core/context/Forecast"
import { Deliveries } from "@devserver/core/delivery/Deliveries"
import { NotFound } from "@devserver/core/domain/Errors"
import { Tasks } from "@devserver/core/store/Tasks"
import { Effect, Option } from "effect"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { procedure, router, run } from "../trpc.js"
import { ByKey } from "./inputs.js"

/** The stored patch series with the mbox's text; null before any delivery exported one. */
const patchText = (key: string) =>
  Effect.flatMap(Deliveries, (d) => d.patches(key)).pipe(
    Effect.flatMap(Option.match({
      onNone: () => Effect.succeed(null),
      onSome: (set) =>
        Effect.tryPromise({ try: () => fs.readFile(set.mbox, "utf8"), catch: () => new NotFound({ entity: "run", id: `${key} patches (removed from disk)` }) }).pipe(
          Effect.map((mbox) => ({ runId: set.runId, commits: set.commits, insertions: set.insertions, deletions: set.deletions, files: set.patches.map((p) => path.basename(p)), mbox }))
        )
    }))
  )

export const insightRouter = router({
  forecast: procedure.input(ByKey).query(({ ctx, input }) => run(ctx, Effect.flatMap(Forecast, (f) => f.forecast(input.key)))),
  /** Condenses the task's earlier runs now; the next fresh attempt gets the five sections. */
  compact: procedure.input(ByKey).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Compaction, (c) => c.compact(input.key)))),
  compaction: procedure.input(ByKey).query(({ ctx, input }) =>
    run(ctx, Effect.flatMap(Effect.all([Tasks, Compaction]), ([t, c]) => Effect.flatMap(t.get(input.key), (task) => c.current(task.id))))),
  patches: procedure.input(ByKey).query(({ ctx, input }) => run(ctx, patchText(input.key)))
})
