import { assert, describe, it } from "@effect/vitest"
import { Effect, Scope, TestClock, Exit } from "effect"
import * as EventThrottle from "../../src/queue/EventThrottle.js"
import { Events } from "../../src/store/Events.js"
import * as QueueTest from "./support/QueueTest.js"

describe("EventThrottle", () => {
  it.effect("writes a chatty producer's burst once per window, joined, and flushes on close", () =>
    Effect.gen(function*() {
      const events = yield* Events
      const scope = yield* Scope.make()
      const throttle = yield* Scope.extend(EventThrottle.make({}, { window: "1 second" }), scope)
      for (let i = 0; i < 200; i++) yield* throttle.offer({ type: "log_line", stream: "stdout", line: `line ${i}` })
      yield* throttle.offer({ type: "cost_update", costUsd: 0.1, totalUsd: 0.1 })
      yield* throttle.offer({ type: "log_line", stream: "stderr", line: "warning" })
      assert.strictEqual((yield* events.list()).length, 0, "nothing written before the window ends")

      yield* TestClock.adjust("1 second")
      yield* QueueTest.eventually("the burst to be written", Effect.map(events.list(), (l) => l.length > 0), "5 seconds")
      const written = (yield* events.list()).map((e) => e.payload)
      assert.strictEqual(written.length, 3, "200 lines became one event, kept apart from other kinds and streams")
      assert.deepStrictEqual(written.map((p) => p.type), ["log_line", "cost_update", "log_line"])
      assert.strictEqual(written[0]!.type === "log_line" ? written[0].line.split("\n").length : 0, 200, "no line lost")

      yield* throttle.offer({ type: "agent_message", text: "last words" })
      yield* Scope.close(scope, Exit.void)
      assert.strictEqual((yield* events.list()).at(-1)?.payload.type, "agent_message", "closing flushes the buffer")
    }).pipe(Effect.provide(QueueTest.layer)))
})
