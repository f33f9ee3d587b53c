import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Fiber, Scope, TestClock } from "effect"
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

describe("EventThrottle.shape and makeWith (the agent runner's settings)", () => {
  const message = (text: string) => ({ type: "agent_message" as const, text })
  const tool = (i: number) => ({ type: "agent_tool_use" as const, tool: "Bash", summary: `echo ${i}` })

  it("merges consecutive messages, cuts long texts and caps a batch with a count of what was left out", () => {
    const out = EventThrottle.shape([message("a"), message("b"), tool(1), message("x".repeat(50)), ...Array.from({ length: 30 }, (_, i) => tool(i))], { maxPerBatch: 10, maxText: 20 })
    assert.deepStrictEqual(out[0], message("a\nb"))
    assert.deepStrictEqual(out[1], tool(1))
    const third = out[2]!
    assert.strictEqual(third.type === "agent_message" ? third.text.length : 0, 20)
    assert.strictEqual(out.length, 10)
    assert.deepStrictEqual(out[9], { type: "log_line", stream: "system", line: "24 more events not shown here (see the run log)" })
  })

  it.live("a chatty agent's burst reaches the sink as a few batches, and what is buffered at flush is delivered", () =>
    Effect.gen(function*() {
      const delivered: Array<ReadonlyArray<unknown>> = []
      const throttle = yield* EventThrottle.makeWith((batch) => Effect.sync(() => void delivered.push(batch)), { window: "50 millis" })
      for (let i = 0; i < 500; i++) yield* throttle.offer(message(`chunk ${i}`))
      yield* throttle.offer(tool(1))
      yield* throttle.flush
      assert.isAtMost(delivered.length, 3)
      const all = delivered.flat() as Array<{ type: string; text?: string }>
      assert.strictEqual(all.filter((e) => e.type === "agent_message").map((e) => e.text).join("\n").split("\n").length, 500)
      assert.deepStrictEqual(all.at(-1), tool(1))
    }).pipe(Effect.scoped))

  it.effect("a final flush waits for the background delivery in flight: closing right after it loses nothing", () =>
    Effect.gen(function*() {
      const delivered: Array<unknown> = []
      const entered = yield* Deferred.make<void>()
      const gate = yield* Deferred.make<void>()
      const scope = yield* Scope.make()
      // The first delivery (the background one) blocks until the gate opens, like a slow write.
      const throttle = yield* Scope.extend(EventThrottle.makeWith((batch) =>
        Effect.gen(function*() {
          if (!(yield* Deferred.isDone(entered))) {
            yield* Deferred.succeed(entered, undefined)
            yield* Deferred.await(gate)
          }
          delivered.push(...batch)
        }), { window: "1 second" }), scope)
      yield* throttle.offer(message("the last words"))
      yield* TestClock.adjust("1 second")
      yield* Deferred.await(entered) // the background fiber took the buffer and is writing it
      // The runner's ending: a final flush, then the scope closes.
      const ending = yield* Effect.fork(Effect.zipRight(throttle.flush, Scope.close(scope, Exit.void)))
      // Run the ending as far as it goes on its own (it either finishes or waits for the write).
      while ((yield* Fiber.status(ending))._tag === "Running") yield* Effect.yieldNow()
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.join(ending)
      assert.deepStrictEqual(delivered, [message("the last words")])
    }))

  it.effect("an interrupted delivery is put back and delivered by the next flush", () =>
    Effect.gen(function*() {
      const delivered: Array<unknown> = []
      let calls = 0
      const throttle = yield* EventThrottle.makeWith((batch) =>
        ++calls === 1 ? Effect.interrupt : Effect.sync(() => void delivered.push(...batch)), { window: "1 hour" })
      yield* throttle.offer(tool(1))
      yield* Effect.exit(throttle.flush)
      yield* throttle.flush
      assert.deepStrictEqual(delivered, [tool(1)])
    }).pipe(Effect.scoped))
})
