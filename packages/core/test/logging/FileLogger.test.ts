import { afterAll, assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as FileLogger from "../../src/logging/FileLogger.js"
import * as TaskLog from "../../src/logging/TaskLog.js"
import * as DataDir from "../../src/store/DataDir.js"
import * as TempDir from "../support/TempDir.js"

const dir = TempDir.make("devserver-filelog-")
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const KEY = "sk-ant-canary-4f1c9e2b7d"
const DB_PASSWORD = "pg-canary-Zq81vX"

describe("FileLogger", () => {
  it.effect("writes JSON lines to devserver.log and a task's entries to its own log, with configured secrets masked", () =>
    Effect.gen(function*() {
      yield* Effect.logWarning(`the key ${KEY} and postgres://app:${DB_PASSWORD}@db/devserver failed`).pipe(Effect.annotateLogs({ task: "TASK-7" }))
      yield* Effect.logInfo("worker started").pipe(Effect.annotateLogs({ worker: "w1" }))
      yield* Effect.logInfo("a key that is not a file name").pipe(Effect.annotateLogs({ task: "../../etc/passwd" }))

      const lines = fs.readFileSync(FileLogger.mainFile(dir), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { message: unknown; logLevel: string; annotations: Record<string, unknown> })
      assert.strictEqual(lines.length, 3)
      assert.strictEqual(lines[0]!.logLevel, "WARN")
      assert.deepStrictEqual(lines[0]!.annotations, { task: "TASK-7" })
      assert.strictEqual(lines[0]!.message, "the key [redacted] and postgres://app:[redacted]@db/devserver failed")
      assert.deepStrictEqual(lines[1]!.annotations, { worker: "w1" })

      const taskLog = fs.readFileSync(TaskLog.pathOf(dir, "TASK-7")!, "utf8")
      assert.match(taskLog, /^\S+Z WARN the key \[redacted\] and postgres:\/\/app:\[redacted\]@db\/devserver failed\n$/)
      assert.deepStrictEqual(fs.readdirSync(path.join(dir, "logs", "tasks")), ["TASK-7.log"])
      const everything = fs.readFileSync(FileLogger.mainFile(dir), "utf8") + taskLog
      assert.notInclude(everything, KEY)
      assert.notInclude(everything, DB_PASSWORD)
    }).pipe(
      Effect.provide(FileLogger.layerConfig.pipe(
        Layer.provide(DataDir.layer(dir)),
        Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["ANTHROPIC_API_KEY", KEY], ["DATABASE_URL", `postgres://app:${DB_PASSWORD}@db/devserver`]]))))
      ))
    ))
})
