import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Settings } from "../../src/store/Settings.js"
import * as TestStore from "../support/TestStore.js"

describe("Settings", () => {
  it.layer(TestStore.layer)((it) => {
    it.effect("reads defaults, stores validated values, and refuses bad ones without changing anything", () =>
      Effect.gen(function*() {
        const settings = yield* Settings
        assert.strictEqual(yield* settings.get("maxConcurrency"), 2)
        assert.strictEqual(yield* settings.get("queuePaused"), false)
        yield* settings.setFromText("maxConcurrency", "6")
        assert.strictEqual(yield* settings.get("maxConcurrency"), 6)
        for (const [key, text] of [["maxConcurrency", "0"], ["maxConcurrency", "two"], ["queuePaused", "maybe"], ["nightWindow", "{\"start\":\"25:00\",\"end\":\"06:00\",\"timezone\":\"UTC\"}"]] as const) {
          const error = yield* Effect.flip(settings.setFromText(key, text))
          assert.strictEqual(error._tag, "InvalidInput", `${key}=${text}`)
        }
        const unknown = yield* Effect.flip(settings.set("noSuchSetting", 1))
        assert.strictEqual(unknown.message, "invalid key: unknown setting 'noSuchSetting'")
        assert.strictEqual(yield* settings.get("maxConcurrency"), 6)
        yield* settings.setFromText("nightWindow", "{\"start\":\"22:30\",\"end\":\"06:15\",\"timezone\":\"Europe/Berlin\"}")
        assert.deepStrictEqual(yield* settings.get("nightWindow"), { start: "22:30", end: "06:15", timezone: "Europe/Berlin" })
        const listed = yield* settings.list()
        const entry = listed.find((e) => e.key === "maxConcurrency")
        assert.deepStrictEqual([entry?.value, entry?.isDefault], [6, false])
        assert.isTrue(listed.find((e) => e.key === "autoEnqueue")?.isDefault)
      }))
  })
})
