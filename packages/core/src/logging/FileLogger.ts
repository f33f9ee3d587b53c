/**
 * The process's structured log: every log entry as one JSON line in `<data>/logs/devserver.log`,
 * rotated by size (`RotatingFile`), and entries annotated with a task (`task`: the worker annotates a
 * task's fiber) also as a plain line in that task's log (`TaskLog`). Known secret values (the secret
 * variables, passwords in URL variables) are masked in both; `Redacted` values never print anyway.
 *
 * | setting | default |
 * |---|---|
 * | `DEVSERVER_LOG_MAX_MB` | 10: size at which `devserver.log` rotates |
 * | `DEVSERVER_LOG_FILES` | 5: rotated files kept (`devserver.log.1` … `.5`) |
 */
import { Config, Effect, HashMap, Layer, Logger, Option } from "effect"
import * as path from "node:path"
import { secretVariables, urlVariables } from "../config/EnvironmentView.js"
import { DataDir } from "../store/DataDir.js"
import { masker } from "./Mask.js"
import * as RotatingFile from "./RotatingFile.js"
import * as TaskLog from "./TaskLog.js"

export interface FileLoggerOptions {
  /** The data folder; logs go to its `logs/` folder. */
  readonly dataDir: string
  readonly maxBytes: number
  readonly maxFiles: number
  /** Values replaced by `[redacted]` wherever they appear (values shorter than 8 characters are ignored). */
  readonly secrets: ReadonlyArray<string>
}

/** The main log file of a data folder. */
export const mainFile = (dataDir: string) => path.join(dataDir, "logs", "devserver.log")

const text = (message: unknown): string =>
  Array.isArray(message) ? message.map(text).join(" ") : typeof message === "string" ? message : JSON.stringify(message) ?? String(message)

export const make = (options: FileLoggerOptions): Logger.Logger<unknown, void> => {
  const main = RotatingFile.make({ file: mainFile(options.dataDir), maxBytes: options.maxBytes, maxFiles: options.maxFiles })
  const mask = masker(options.secrets.filter((s) => s.length >= 8))
  return Logger.make((entry) => {
    const structured = Logger.structuredLogger.log(entry)
    main.append(`${mask(JSON.stringify(structured))}\n`)
    const task = Option.flatMap(HashMap.get(entry.annotations, "task"), (key) => Option.fromNullable(typeof key === "string" ? TaskLog.pathOf(options.dataDir, key) : null))
    if (Option.isSome(task)) {
      const cause = structured.cause === undefined ? "" : `\n${structured.cause}`
      TaskLog.append(task.value, mask(TaskLog.line(entry.date, entry.logLevel.label, `${text(structured.message)}${cause}`)))
    }
  })
}

/** Adds the file logger to the loggers in use (the console one stays). */
export const layer = (options: FileLoggerOptions): Layer.Layer<never> => Logger.add(make(options))

const secretValues = Effect.gen(function*() {
  const plain = yield* Effect.forEach(secretVariables, (name) => Config.option(Config.string(name)))
  const urls = yield* Effect.forEach(urlVariables, (name) => Config.option(Config.string(name)))
  const passwords = urls.flatMap(Option.toArray).flatMap((url) => {
    try {
      return [decodeURIComponent(new URL(url).password)]
    } catch {
      return []
    }
  })
  return [...plain.flatMap(Option.toArray), ...passwords].filter((s) => s !== "")
})

/** The file logger for the data folder, with sizes and secrets read from Config. */
export const layerConfig = Layer.unwrapEffect(Effect.gen(function*() {
  const dataDir = (yield* DataDir).path
  const maxMb = yield* Config.number("DEVSERVER_LOG_MAX_MB").pipe(Config.withDefault(10), Config.validate({ message: "DEVSERVER_LOG_MAX_MB must be positive", validation: (n) => n > 0 }))
  const maxFiles = yield* Config.integer("DEVSERVER_LOG_FILES").pipe(Config.withDefault(5), Config.validate({ message: "DEVSERVER_LOG_FILES must be 0 or more", validation: (n) => n >= 0 }))
  return layer({ dataDir, maxBytes: Math.round(maxMb * 1024 * 1024), maxFiles, secrets: yield* secretValues })
}))
