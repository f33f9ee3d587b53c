/**
 * Each task's own log, `<data>/logs/tasks/<KEY>.log`: the pipeline's log lines for the task (written by
 * `FileLogger` from log entries annotated with `task`), the start and end of each run on a worker, and
 * the agent's and verifier's output as the runner writes it to the run log (secrets masked). Plain text,
 * one line per entry, appended across runs; the run logs (`<data>/logs/<KEY>/run-<id>.log`) stay as they are.
 */
import { Context } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"

/** Task keys that may name a file (`TASK-12`); anything else is never used as a path. */
const FILE_SAFE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

/** The log file of task `key` in the data folder, or null for a key that cannot name a file. */
export const pathOf = (dataDir: string, key: string): string | null =>
  FILE_SAFE.test(key) ? path.join(dataDir, "logs", "tasks", `${key}.log`) : null

/** The log file of the task the current fiber works for (set by the pipeline around a run); null outside one. */
export class CurrentTaskLog extends Context.Reference<CurrentTaskLog>()("@devserver/core/logging/CurrentTaskLog", {
  defaultValue: (): string | null => null
}) {}

/** Appends whole lines to a task's log; a failed write is dropped (a log never fails the task). */
export const append = (file: string, text: string): void => {
  try {
    fs.appendFileSync(file, text)
  } catch {
    try {
      // The task's first line: its folder may not exist yet.
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.appendFileSync(file, text)
    } catch {
      // the task goes on without this line
    }
  }
}

/** One timestamped line: `2026-01-31T12:00:00.000Z INFO text`. */
export const line = (date: Date, level: string, text: string): string => `${date.toISOString()} ${level} ${text.replace(/\n/g, "\n    ")}\n`
