import { TaskKey } from "@devserver/core/domain/Ids"
import { TaskInput } from "@devserver/core/domain/Task"
import { TaskPatch } from "@devserver/core/domain/TaskPatch"
import { TaskQuery } from "@devserver/core/domain/TaskQuery"
import { Queue } from "@devserver/core/queue/Queue"
import { Tasks } from "@devserver/core/store/Tasks"
import { TaskActions } from "@devserver/core/tasks/TaskActions"
import { TaskSearch } from "@devserver/core/tasks/TaskSearch"
import { TaskUpdate } from "@devserver/core/tasks/TaskUpdate"
import { Effect, Schema } from "effect"
import { procedure, router, run } from "../trpc.js"
import { ByKey, standard } from "./inputs.js"

const ContinueInput = standard(Schema.Struct({ key: TaskKey, note: Schema.optional(Schema.String.pipe(Schema.maxLength(2000))) }))
const UpdateInput = standard(Schema.Struct({ key: TaskKey, patch: TaskPatch }))
const ArchiveInput = standard(Schema.Struct({ key: TaskKey, archived: Schema.optionalWith(Schema.Boolean, { default: () => true }) }))

export const tasksRouter = router({
  list: procedure.input(standard(TaskQuery)).query(({ ctx, input }) => run(ctx, Effect.flatMap(TaskSearch, (s) => s.page(input)))),
  get: procedure.input(ByKey).query(({ ctx, input }) => run(ctx, Effect.flatMap(Tasks, (s) => s.get(input.key)))),
  create: procedure.input(standard(TaskInput)).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Tasks, (s) => s.create(input)))),
  update: procedure.input(UpdateInput).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(TaskUpdate, (u) => u.update(input.key, input.patch)))),
  enqueue: procedure.input(ByKey).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Queue, (q) => q.enqueue(input.key, { reason: "enqueued from the web" })))),
  cancel: procedure.input(ByKey).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Queue, (q) => q.cancel(input.key, "web")))),
  continue: procedure.input(ContinueInput).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(TaskActions, (a) => a.continue(input.key, { note: input.note, by: "web" })))),
  archive: procedure.input(ArchiveInput).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(TaskActions, (a) => a.archive(input.key, input.archived)))),
  markDone: procedure.input(ByKey).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(TaskActions, (a) => a.done(input.key, { by: "web" }))))
})
