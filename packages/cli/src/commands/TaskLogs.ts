import { Args, Command, Options } from "@effect/cli"
import type { PipelineEvent } from "@devserver/core/domain/PipelineEvent"
import * as EventStream from "@devserver/core/queue/EventStream"
import { Events } from "@devserver/core/store/Events"
import { Tasks } from "@devserver/core/store/Tasks"
import { Console, Effect, Stream } from "effect"

/** One line per event: time, type and the payload's fields. */
export const formatEvent = (event: PipelineEvent) => {
  const { type, ...fields } = event.payload
  const detail = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ")
  return `${event.at.toISOString().slice(11, 19)} ${type}${detail ? ` ${detail}` : ""}`
}

export const logs = Command.make("logs", {
  key: Args.text({ name: "key" }),
  follow: Options.boolean("follow").pipe(Options.withAlias("f"), Options.withDescription("Keep printing live events until Ctrl-C.")),
  json: Options.boolean("json").pipe(Options.withDescription("One JSON object per line."))
}, ({ follow, json, key }) =>
  Effect.gen(function*() {
    const task = yield* Effect.flatMap(Tasks, (tasks) => tasks.get(key))
    const print = (event: PipelineEvent) => Console.log(json ? JSON.stringify(event) : formatEvent(event))
    if (follow) {
      const feed = yield* EventStream.EventStream
      return yield* feed.subscribe({ taskId: task.id }).pipe(Stream.runForEach(print))
    }
    const events = yield* Effect.flatMap(Events, (e) => e.list({ taskId: task.id, limit: 100_000 }))
    yield* Effect.forEach(events, print, { discard: true })
  })).pipe(Command.withDescription("Print a task's events (--follow: and live ones)."), Command.provide(EventStream.layer))
