import { Command, Options } from "@effect/cli"
import type { PipelineEvent } from "@devserver/core/domain/PipelineEvent"
import type { TaskStatus } from "@devserver/core/domain/TaskStatus"
import { Console, Effect, Stream } from "effect"
import { Backend } from "../backend/Backend.js"
import { ExitWith } from "../ExitCodes.js"
import * as Flags from "../Flags.js"

/** Statuses in which a task waits for a person, and the exit code `--follow` ends with. */
export const waitingExit: Partial<Record<TaskStatus, number>> = { review: 0, done: 0, failed: 1, blocked: 10, cancelled: 11 }

/** One line per event: time, type and the payload's fields. */
export const formatEvent = (event: PipelineEvent) => {
  const { type, ...fields } = event.payload
  const detail = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ")
  return `${event.at.toISOString().slice(11, 19)} ${type}${detail ? ` ${detail}` : ""}`
}

const reached = (event: PipelineEvent): TaskStatus | undefined =>
  event.payload.type === "status_changed" && waitingExit[event.payload.to] !== undefined ? event.payload.to : undefined

export const logs = Command.make("logs", {
  key: Flags.taskKey,
  follow: Options.boolean("follow").pipe(
    Options.withAlias("f"),
    Options.withDescription(
      "Keep printing live events until the task waits for a person; exit 0 for review or done, 1 failed, 10 blocked, 11 cancelled."
    )
  ),
  json: Options.boolean("json").pipe(Options.withDescription("One JSON object per line."))
}, ({ follow, json, key }) =>
  Effect.gen(function*() {
    const backend = yield* Backend
    const print = (event: PipelineEvent) => Console.log(json ? JSON.stringify(event) : formatEvent(event))
    const history = yield* backend.events(key, 0)
    yield* Effect.forEach(history, print, { discard: true })
    if (!follow) return
    const now = yield* backend.getTask(key)
    let outcome: TaskStatus | undefined = waitingExit[now.status] !== undefined ? now.status : undefined
    const afterId = history.reduce((max, e) => Math.max(max, e.id), 0)
    if (outcome !== undefined) {
      // It got there while the history was read: print what came since.
      yield* Effect.forEach(yield* backend.events(key, afterId), print, { discard: true })
    } else {
      yield* backend.follow(key, afterId).pipe(
        Stream.tap(print),
        Stream.takeUntil((e) => (outcome = reached(e)) !== undefined),
        Stream.runDrain
      )
    }
    const code = outcome === undefined ? 0 : waitingExit[outcome] ?? 0
    if (code !== 0) return yield* new ExitWith({ code })
  })).pipe(Command.withDescription("Print a task's events; with --follow, keep printing live ones."))
