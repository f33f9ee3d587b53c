import { Command } from "@effect/cli"
import { Console, Effect } from "effect"
import { NotFound } from "@devserver/core/domain/Errors"
import { Backend } from "../backend/Backend.js"
import { appLayer, backendLayer } from "../Config.js"
import * as Flags from "../Flags.js"
import * as Render from "../Render.js"

const show = (value: unknown) => JSON.stringify(value)

const list = Command.make("list", { json: Flags.json }, ({ json }) =>
  Effect.gen(function*() {
    const entries = yield* (yield* Backend).listSettings()
    yield* json
      ? Render.json(entries)
      : Render.table(["KEY", "VALUE", "", "DESCRIPTION"], entries.map((e) => [e.key, show(e.value), e.isDefault ? "default" : "set", e.description]))
  })).pipe(Command.withDescription("List every setting with its value and what it does."))

const get = Command.make("get", { key: Flags.text("key", "The setting's name (see settings list)."), json: Flags.json }, ({ json, key }) =>
  Effect.gen(function*() {
    const entry = (yield* (yield* Backend).listSettings()).find((e) => e.key === key)
    if (!entry) return yield* new NotFound({ entity: "setting", id: key })
    yield* json ? Render.json(entry) : Console.log(show(entry.value))
  })).pipe(Command.withDescription("Print one setting's value (JSON)."))

const set = Command.make("set", {
  key: Flags.text("key", "The setting's name (see settings list)."),
  value: Flags.text("value", "The new value: JSON (true, 4, \"text\", null) or plain text for a string.")
}, ({ key, value }) =>
  Effect.gen(function*() {
    const backend = yield* Backend
    yield* backend.setSetting(key, value)
    const entry = (yield* backend.listSettings()).find((e) => e.key === key)
    yield* Console.log(`${key} = ${show(entry?.value)} (applies to running workers without a restart)`)
  })).pipe(Command.withDescription("Change a setting; the value is checked against the setting's type."))

export const settings = Command.make("settings").pipe(
  Command.withDescription("Read and change the settings stored in the database."),
  Command.withSubcommands([list, get, set]),
  Command.provide(backendLayer),
  Command.provide(appLayer)
)
