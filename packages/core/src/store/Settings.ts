/**
 * Typed settings. Reads fall back to the key's default; writes are validated against
 * the key's Schema and refused with InvalidInput, so a stored value always decodes. Every process
 * reads the table, so a change applies everywhere without a restart.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import { InvalidInput, type StoreError } from "../domain/Errors.js"
import { isSettingKey, settingDefinitions, type SettingKey, type SettingValue } from "../domain/Setting.js"
import { decodeInput } from "../internal/decodeInput.js"
import { storeFailure } from "../internal/sqlFailure.js"

export interface SettingEntry {
  readonly key: SettingKey
  readonly value: unknown
  readonly isDefault: boolean
  readonly description: string
}

export interface SettingsService {
  /** The value of a key (its default when never set). */
  readonly get: <K extends SettingKey>(key: K) => Effect.Effect<SettingValue<K>, StoreError>
  /** Validates and stores a value; unknown keys and invalid values fail with InvalidInput. */
  readonly set: (key: string, value: unknown) => Effect.Effect<void, InvalidInput | StoreError>
  /** Like `set`, from command-line text: JSON when it parses, else the text as a string. */
  readonly setFromText: (key: string, text: string) => Effect.Effect<void, InvalidInput | StoreError>
  /** Every key with its current value. */
  readonly list: () => Effect.Effect<ReadonlyArray<SettingEntry>, StoreError>
}

export class Settings extends Context.Tag("@devserver/core/store/Settings")<Settings, SettingsService>() {}

const parseText = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const stored = (key: string) =>
    sql<{ value: unknown }>`select value from settings where key = ${key}`.pipe(
      Effect.map(([row]) => row),
      storeFailure("settings.get")
    )
  const decodeStored = <K extends SettingKey>(key: K, raw: unknown) =>
    Schema.decodeUnknownSync(settingDefinitions[key].schema as unknown as Schema.Schema<SettingValue<K>, unknown>)(raw)

  const set = (key: string, value: unknown) =>
    Effect.gen(function*() {
      if (!isSettingKey(key)) return yield* new InvalidInput({ field: "key", reason: `unknown setting '${key}'` })
      const schema = settingDefinitions[key].schema as Schema.Schema<unknown, unknown>
      const decoded = yield* decodeInput(schema, key)(value)
      const encoded = Schema.encodeSync(schema)(decoded)
      yield* sql`
        insert into settings (key, value) values (${key}, ${JSON.stringify(encoded)})
        on conflict (key) do update set value = excluded.value, updated_at = now()`.pipe(storeFailure("settings.set"))
    })

  return Settings.of({
    get: (key) =>
      Effect.map(stored(key), (row) => (row === undefined ? settingDefinitions[key].defaultValue : decodeStored(key, row.value)) as never),
    set,
    setFromText: (key, text) => set(key, parseText(text)),
    list: () =>
      sql<{ key: string; value: unknown }>`select key, value from settings`.pipe(
        storeFailure("settings.list"),
        Effect.map((rows) => {
          const values = new Map(rows.map((r) => [r.key, r.value]))
          return (Object.keys(settingDefinitions) as Array<SettingKey>).map((key) => ({
            key,
            value: values.has(key) ? decodeStored(key, values.get(key)) : settingDefinitions[key].defaultValue,
            isDefault: !values.has(key),
            description: settingDefinitions[key].description
          }))
        })
      )
  })
})

export const layer = Layer.effect(Settings, make)
