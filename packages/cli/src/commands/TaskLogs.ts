import { Command, Options } from "@effect/cli"
import type { PipelineEvent } from "@devserver/core/domain/PipelineEvent"
import type { TaskStatus } from "@devserver/core/domain/TaskStatus"
import { Console, Effect, Layer, Stream } from "effect"
import { ExitWith } from "../ExitCodes.js"
import * as Flags from "../Flags.js"
import { load } from "../Lazy.js"

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

const stream = load(() => import("@devserver/core/queue/EventStream"))

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
    const { Tasks } = yield* load(() => import("@devserver/core/store/Tasks"))
    const { Events } = yield* load(() => import("@devserver/core/store/Events"))
    const task = yield* Effect.flatMap(Tasks, (t) => t.get(key))
    const print = (event: PipelineEvent) => Console.log(json ? JSON.stringify(event) : formatEvent(event))
    const history = yield* Effect.flatMap(Events, (e) => e.list({ taskId: task.id, limit: 100_000 }))
    yield* Effect.forEach(history, print, { discard: true })
    if (!follow) return
    const now = yield* Effect.flatMap(Tasks, (t) => t.get(key))
    let outcome: TaskStatus | undefined = waitingExit[now.status] !== undefined ? now.status : undefined
    const afterId = history.reduce((max, e) => Math.max(max, e.id), 0)
    if (outcome !== undefined) {
      // It got there while the history was read: print what came since.
      const since = yield* Effect.flatMap(Events, (e) => e.list({ taskId: task.id, afterId, limit: 100_000 }))
      yield* Effect.forEach(since, print, { discard: true })
    } else {
      const feed = yield* (yield* stream).EventStream
      yield* feed.subscribe({ taskId: task.id, afterId }).pipe(
        Stream.tap(print),
        Stream.takeUntil((e) => (outcome = reached(e)) !== undefined),
        Stream.runDrain
      )
    }
    const code = outcome === undefined ? 0 : waitingExit[outcome] ?? 0
    if (code !== 0) return yield* new ExitWith({ code })
  })).pipe(
  Command.withDescription("Print a task's events; with --follow, keep printing live ones."),
  Command.provide(Layer.unwrapEffect(Effect.map(stream, (m) => m.layer)))
)
