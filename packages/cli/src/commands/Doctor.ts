import { Command } from "@effect/cli"
import { Console, Effect, Layer } from "effect"
import { configLayer } from "../Config.js"
import { ExitWith } from "../ExitCodes.js"
import * as Flags from "../Flags.js"
import { load } from "../Lazy.js"
import * as Progress from "../Progress.js"

/** The database, without migrating it (the doctor reports pending migrations instead), and the stores. */
const storeLayer = Layer.unwrapEffect(Effect.gen(function*() {
  const Database = yield* load(() => import("@devserver/core/store/Database"))
  const Store = yield* load(() => import("@devserver/core/store/Store"))
  const SecretBox = yield* load(() => import("@devserver/core/secrets/SecretBox"))
  return Store.layer.pipe(Layer.provideMerge(Layer.merge(Database.layerWithoutMigrations, SecretBox.layerConfig)))
}))

export const doctor = Command.make("doctor", { json: Flags.json }, ({ json }) =>
  Effect.gen(function*() {
    const Doctor = yield* load(() => import("@devserver/core/ops/Doctor"))
    const DoctorDatabase = yield* load(() => import("@devserver/core/ops/DoctorDatabase"))
    const { DataDir } = yield* load(() => import("@devserver/core/store/DataDir"))
    const settings = yield* Doctor.config
    const dataDir = (yield* DataDir).path
    const local = yield* Progress.around("checking this machine", Doctor.local(settings, dataDir))
    const stored = yield* Effect.all([DoctorDatabase.database, DoctorDatabase.forgeTokens]).pipe(
      Effect.map((groups) => groups.flat()),
      Effect.scoped,
      Effect.provide(storeLayer.pipe(Layer.provide(configLayer))),
      Effect.catchAll((e) =>
        Effect.succeed([Doctor.fail("database", e.message.replace(/\s+/g, " "), "check DATABASE_URL, or unset it to use the embedded database")])),
      (checks) => Progress.around("checking the database and forge tokens", checks)
    )
    const checks = [...local, ...stored]
    yield* json
      ? Console.log(JSON.stringify(checks, null, 2))
      : Console.log(checks.map((c) => `${c.ok ? "✓" : "✗"} ${c.name}: ${c.detail}${c.fix ? ` → ${c.fix}` : ""}${c.ok || c.required ? "" : " (optional)"}`).join("\n"))
    if (!Doctor.healthy(checks)) return yield* new ExitWith({ code: 1 })
  })).pipe(
  Command.withDescription("Check this installation: agent CLIs, keys, git, the database, the data folder, forge and Telegram tokens. Exits 1 when a required check fails."),
  Command.provide(configLayer)
)
