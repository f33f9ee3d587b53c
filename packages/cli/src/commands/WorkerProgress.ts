/**
 * What a running worker says while it works: one line when it claims a task and one when the task
 * leaves it (key, new status, how long it ran), read from the live event feed.
 */
import type { PipelineEvent } from "@devserver/core/domain/PipelineEvent"
import { Console, Effect, Stream } from "effect"
import { load } from "../Lazy.js"
import * as Render from "../Render.js"

const time = () => new Date().toISOString().slice(11, 19)

/** Prints progress lines for the tasks `workerId` claims, for the lifetime of the scope. */
export const follow = (workerId: string) =>
  Effect.gen(function*() {
    const { EventStream } = yield* load(() => import("@devserver/core/queue/EventStream"))
    const { SqlClient } = yield* load(() => import("@effect/sql/SqlClient"))
    const sql = yield* SqlClient
    const feed = yield* EventStream
    const [{ last }] = (yield* sql<{ last: number }>`select coalesce(max(id), 0) as last from events`) as unknown as [{ last: number }]
    const claimed = new Map<number, { key: string; at: number }>()
    const keyOf = (taskId: number) =>
      Effect.map(sql<{ key: string }>`select key from tasks where id = ${taskId}`, (rows) => rows[0]?.key ?? `#${taskId}`)
    const line = (event: PipelineEvent) =>
      Effect.gen(function*() {
        const p = event.payload
        if (p.type !== "status_changed" || event.taskId === null) return
        const mine = claimed.get(event.taskId)
        if (p.to === "running" && p.reason?.includes(workerId) && !mine) {
          const key = yield* keyOf(event.taskId)
          claimed.set(event.taskId, { key, at: Date.now() })
          yield* Console.log(`${time()} ▶ ${key} claimed`)
        } else if (mine && p.to !== "running" && p.to !== "verifying") {
          claimed.delete(event.taskId)
          yield* Console.log(`${time()} ■ ${mine.key} ${p.to} after ${Render.duration(Date.now() - mine.at)}${p.reason ? ` (${p.reason})` : ""}`)
        }
      })
    yield* feed.subscribe({ afterId: last }).pipe(
      Stream.runForEach(line),
      Effect.catchAllCause((cause) => Effect.logWarning("progress lines stopped", cause)),
      Effect.forkScoped
    )
  })
