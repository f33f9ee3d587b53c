import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Deferred, Effect, Fiber, Layer, Stream } from "effect"
import type { EventPayload } from "../../src/domain/PipelineEvent.js"
import * as EventStream from "../../src/queue/EventStream.js"
import { Events } from "../../src/store/Events.js"
import * as QueueTest from "./support/QueueTest.js"

const layer = EventStream.layer.pipe(Layer.provideMerge(QueueTest.layer))
const message = (text: string): EventPayload => ({ type: "agent_message", text })
const texts = (events: Chunk.Chunk<{ readonly payload: EventPayload }>) =>
  Chunk.toReadonlyArray(events).map((e) => (e.payload.type === "agent_message" ? e.payload.text : e.payload.type))

describe("EventStream", () => {
  it.live("a subscriber that reconnects with its last id gets every event exactly once, large payloads included", () =>
    Effect.gen(function*() {
      const events = yield* Events
      const feed = yield* EventStream.EventStream
      for (const t of ["a", "b", "c"]) yield* events.append(message(t))

      const first = yield* feed.subscribe().pipe(Stream.take(3), Stream.runCollect)
      assert.deepStrictEqual(texts(first), ["a", "b", "c"])
      const lastId = Chunk.unsafeLast(first).id

      // Disconnected: these are written while nobody listens.
      const big = "x".repeat(20_000)
      yield* events.append(message("d"))
      yield* events.append(message(big))

      const resumed = yield* feed.subscribe({ afterId: lastId }).pipe(Stream.take(4), Stream.runCollect, Effect.fork)
      yield* Effect.sleep("200 millis")
      yield* events.append(message("e"))
      yield* events.append(message("f"))
      const second = yield* Fiber.join(resumed)
      assert.deepStrictEqual(texts(second), ["d", big, "e", "f"])
      assert.strictEqual(texts(second)[1]!.length, 20_000, "the payload is larger than NOTIFY's 8,000 bytes and arrives whole")

      // Nothing more arrives: no duplicate of an event already seen.
      const extra = yield* feed.subscribe({ afterId: Chunk.unsafeLast(second).id }).pipe(
        Stream.runCollect,
        Effect.timeoutOption("500 millis")
      )
      assert.isTrue(extra._tag === "None")
    }).pipe(Effect.scoped, Effect.provide(layer)))

  it.live("an event that commits after a higher id is not skipped", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const events = yield* Events
      const feed = yield* EventStream.EventStream
      const received = yield* feed.subscribe().pipe(Stream.take(2), Stream.runCollect, Effect.fork)

      const written = yield* Deferred.make<number>()
      const commit = yield* Deferred.make<void>()
      // A slow transaction takes the lower id and holds it uncommitted.
      const slow = yield* sql.withTransaction(
        events.append(message("slow, lower id")).pipe(Effect.tap((id) => Deferred.succeed(written, id)), Effect.zipLeft(Deferred.await(commit)))
      ).pipe(Effect.fork)
      const lowerId = yield* Deferred.await(written)
      const higherId = yield* events.append(message("fast, higher id"))
      assert.isAbove(higherId, lowerId)
      yield* Effect.sleep("300 millis")
      yield* Deferred.succeed(commit, undefined)
      yield* Fiber.join(slow)

      const got = yield* Fiber.join(received).pipe(Effect.timeout("5 seconds"))
      assert.sameMembers(texts(got), ["slow, lower id", "fast, higher id"])
    }).pipe(Effect.scoped, Effect.provide(layer)))

  it.live("filters by task and reaches a live subscriber quickly", () =>
    Effect.gen(function*() {
      const events = yield* Events
      const feed = yield* EventStream.EventStream
      const sql = yield* SqlClient.SqlClient
      const [task] = yield* sql<{ id: number }>`insert into tasks (key, title) values ('T-1', 't') returning id`
      const received = yield* feed.subscribe({ taskId: task!.id }).pipe(Stream.take(1), Stream.runCollect, Effect.fork)
      yield* Effect.sleep("300 millis")
      yield* events.append(message("other task"))
      const sentAt = Date.now()
      yield* events.append(message("mine"), { taskId: task!.id })
      const got = yield* Fiber.join(received)
      const latency = Date.now() - sentAt
      assert.deepStrictEqual(texts(got), ["mine"])
      assert.isBelow(latency, 250, `an event took ${latency} ms to reach a subscriber`)
    }).pipe(Effect.scoped, Effect.provide(layer)))
})
