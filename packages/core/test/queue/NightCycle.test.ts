import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, TestClock } from "effect"
import * as NightCycle from "../../src/queue/NightCycle.js"
import { Queue } from "../../src/queue/Queue.js"
import { Settings } from "../../src/store/Settings.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as QueueTest from "./support/QueueTest.js"

const window = { start: "22:30", end: "06:00", timezone: "Europe/Berlin" }

describe("NightCycle", () => {
  it("knows the window in its time zone, across midnight", () => {
    assert.isTrue(NightCycle.isInside(window, new Date("2026-01-15T21:30:00Z")), "22:30 Berlin")
    assert.isFalse(NightCycle.isInside(window, new Date("2026-01-15T21:29:00Z")), "22:29 Berlin")
    assert.isTrue(NightCycle.isInside(window, new Date("2026-01-16T04:59:00Z")), "05:59 Berlin")
    assert.isFalse(NightCycle.isInside(window, new Date("2026-01-16T05:00:00Z")), "06:00 Berlin")
    assert.isTrue(NightCycle.isInside({ start: "01:00", end: "05:00", timezone: "UTC" }, new Date("2026-01-16T03:00:00Z")))
  })

  it.effect("drains night-marked pending tasks inside the window and retries failed tasks once", () =>
    Effect.gen(function*() {
      const settings = yield* Settings
      const tasks = yield* Tasks
      const queue = yield* Queue
      const night = yield* tasks.create({ title: "night work", labels: ["night"] })
      const day = yield* tasks.create({ title: "day work" })
      const broken = yield* tasks.create({ title: "broken" })
      yield* queue.enqueue(broken.key)
      const claimed = yield* queue.claim("w", { leaseSeconds: 30 })
      yield* queue.complete("w", Option.getOrThrow(claimed).lease, { status: "failed" })
      yield* settings.set("nightWindow", window)

      yield* TestClock.setTime(new Date("2026-01-15T12:00:00Z").getTime())
      assert.deepStrictEqual(yield* NightCycle.tick, [], "nothing happens by day")
      yield* TestClock.setTime(new Date("2026-01-15T23:00:00Z").getTime())
      assert.sameMembers([...(yield* NightCycle.tick)], [night.key, broken.key])
      assert.strictEqual((yield* tasks.get(day.key)).status, "pending", "unmarked tasks wait with nightScope = marked")

      // The retry fails again: the next night does not retry it a second time.
      for (let i = 0; i < 2; i++) {
        const next = Option.getOrThrow(yield* queue.claim("w", { leaseSeconds: 30 }))
        yield* queue.complete("w", next.lease, { status: next.task.key === broken.key ? "failed" : "review" })
      }
      yield* settings.set("nightScope", "all")
      assert.deepStrictEqual([...(yield* NightCycle.tick)], [day.key])
    }).pipe(Effect.provide(QueueTest.layer)))
})
