import { TaskKey } from "@devserver/core/domain/Ids"
import { EventStream } from "@devserver/core/queue/EventStream"
import { Events } from "@devserver/core/store/Events"
import { Tasks } from "@devserver/core/store/Tasks"
import { tracked } from "@trpc/server"
import { Effect, Schema, Stream } from "effect"
import { iterate, procedure, router, run } from "../trpc.js"
import { lastEventId, standard } from "./inputs.js"

const SubscribeInput = standard(Schema.Struct({ taskKey: Schema.optional(TaskKey), lastEventId }))
const ListInput = standard(Schema.Struct({
  taskKey: Schema.optional(TaskKey),
  afterId: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000)))
}))

/** The task's id for a key filter (NotFound for an unknown key). */
const taskId = (key: string | undefined) => (key === undefined ? Effect.succeed(undefined) : Effect.map(Effect.flatMap(Tasks, (t) => t.get(key)), (t) => t.id))

export const eventsRouter = router({
  /** Stored events in id order (a task's timeline, or the global feed). */
  list: procedure.input(ListInput).query(({ ctx, input }) =>
    run(ctx, Effect.flatMap(taskId(input.taskKey), (id) => Effect.flatMap(Events, (e) => e.list({ taskId: id, afterId: input.afterId, limit: input.limit }))))),
  /**
   * Every event after `lastEventId` (or from the first), then live ones, each exactly once; a reconnect
   * resumes after the last id the client received.
   */
  subscribe: procedure.input(SubscribeInput).subscription(({ ctx, input }) =>
    iterate(ctx, Stream.unwrap(Effect.flatMap(taskId(input.taskKey), (id) =>
      Effect.map(EventStream, (s) => s.subscribe({ taskId: id, afterId: input.lastEventId ?? 0 })))).pipe(
      Stream.map((event) => tracked(String(event.id), event))
    )))
})
