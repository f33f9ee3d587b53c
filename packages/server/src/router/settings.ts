import { EnvironmentView } from "@devserver/core/config/EnvironmentView"
import { SettingKey } from "@devserver/core/domain/Setting"
import { Settings } from "@devserver/core/store/Settings"
import { Effect, Schema } from "effect"
import { procedure, router, run } from "../trpc.js"
import { standard } from "./inputs.js"

const SetInput = standard(Schema.Struct({ key: SettingKey, value: Schema.Unknown }))

export const settingsRouter = router({
  /** Every typed setting with its value, default flag and description. */
  list: procedure.query(({ ctx }) => run(ctx, Effect.flatMap(Settings, (s) => s.list()))),
  /** Validated against the key's Schema; a bad value changes nothing. */
  set: procedure.input(SetInput).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Settings, (s) => s.set(input.key, input.value)))),
  /** DevServer's environment variables, secrets masked by core before they leave the server. */
  environment: procedure.query(({ ctx }) => run(ctx, Effect.map(EnvironmentView, (e) => e.list())))
})
