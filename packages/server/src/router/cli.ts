/**
 * What the remote CLI needs beyond the web app's procedures, so a command prints the same answer
 * whether it reads the database here or a DevServer elsewhere: the store's plain task list (full
 * tasks, newest first), the retry and reject actions, and a setting set from its command-line text.
 */
import { RepoName, TaskKey } from "@devserver/core/domain/Ids"
import { TaskStatus } from "@devserver/core/domain/TaskStatus"
import { Settings } from "@devserver/core/store/Settings"
import { Tasks } from "@devserver/core/store/Tasks"
import { TaskActions } from "@devserver/core/tasks/TaskActions"
import { Effect, Schema } from "effect"
import { procedure, router, run } from "../trpc.js"
import { ByKey, standard } from "./inputs.js"

const ListInput = standard(Schema.Struct({
  status: Schema.optional(TaskStatus),
  repo: Schema.optional(RepoName),
  includeArchived: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  limit: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 10_000)), { default: () => 100 })
}))
const RejectInput = standard(Schema.Struct({ key: TaskKey, reason: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(2000)) }))
const SettingInput = standard(Schema.Struct({ key: Schema.String.pipe(Schema.maxLength(100)), text: Schema.String.pipe(Schema.maxLength(10_000)) }))

const by = "remote cli"

export const cliRouter = router({
  /** Tasks newest first, like `devserver task list` here. */
  tasks: procedure.input(ListInput).query(({ ctx, input }) => run(ctx, Effect.flatMap(Tasks, (t) => t.list(input)))),
  /** failed | blocked | cancelled → queued. */
  retry: procedure.input(ByKey).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(TaskActions, (a) => a.retry(input.key, { by })))),
  /** review → failed, with the reason stored. */
  reject: procedure.input(RejectInput).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(TaskActions, (a) => a.reject(input.key, { reason: input.reason, by })))),
  /** JSON, or plain text for a string setting; checked against the setting's type, a bad value changes nothing. */
  setSetting: procedure.input(SettingInput).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Settings, (s) => s.setFromText(input.key, input.text))))
})
