import { assert, describe, it } from "@effect/vitest"
import { Chunk, Duration, Effect, Fiber, Layer, TestClock } from "effect"
import { Queue } from "../../src/queue/Queue.js"
import * as Scheduler from "../../src/queue/Scheduler.js"
import * as Schedules from "../../src/queue/Schedules.js"
import { Events } from "../../src/store/Events.js"
import { Tasks } from "../../src/store/Tasks.js"
import { Templates } from "../../src/store/Templates.js"
import * as QueueTest from "./support/QueueTest.js"

const layer = Schedules.layer.pipe(Layer.provideMerge(QueueTest.layer))
const START = new Date("2026-03-01T10:00:00Z").getTime()

/** Waits (real time) until the scheduler sleeps on the TestClock, i.e. has finished its database work. */
const settled = QueueTest.eventually("the scheduler to sleep", Effect.map(TestClock.sleeps(), (s) => !Chunk.isEmpty(s)), "5 seconds")

/** Moves the TestClock forward one scheduler sleep at a time. */
const advance = (duration: Duration.DurationInput) =>
  Effect.gen(function*() {
    let left = Duration.toMillis(Duration.decode(duration))
    while (left > 0) {
      yield* settled
      const step = Math.min(left, Scheduler.MAX_SLEEP_MS)
      yield* TestClock.adjust(step)
      left -= step
    }
    yield* settled
  })

const firedEvents = Effect.flatMap(Events, (events) => events.list()).pipe(
  Effect.map((list) => list.flatMap((e) => (e.payload.type === "schedule_fired" ? [e.payload] : [])))
)

describe("Scheduler", () => {
  it.effect("enqueues on time, skips while the task is queued, and runs a missed fire once after downtime", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(START)
      const tasks = yield* Tasks
      const queue = yield* Queue
      const task = yield* tasks.create({ title: "nightly audit" })
      const schedule = yield* (yield* Schedules.Schedules).add({
        name: "audit",
        expression: "every 30m",
        target: { _tag: "EnqueueTask", taskKey: task.key }
      })
      assert.strictEqual(schedule.nextFireAt?.toISOString(), "2026-03-01T10:30:00.000Z")

      let scheduler = yield* Effect.fork(Scheduler.run)
      yield* advance("29 minutes")
      assert.strictEqual((yield* tasks.get(task.key)).status, "pending", "not before its time")
      yield* advance("1 minute")
      assert.strictEqual((yield* tasks.get(task.key)).status, "queued")
      assert.deepStrictEqual(yield* firedEvents, [{ type: "schedule_fired", scheduleId: schedule.id, catchUp: false }])

      yield* advance("30 minutes")
      assert.strictEqual((yield* firedEvents).length, 1, "skipped while the task is still queued: no double run")

      // Everything goes down for five hours; ten fires are missed.
      yield* Fiber.interrupt(scheduler)
      yield* queue.cancel(task.key, "test")
      yield* TestClock.adjust("5 hours")
      scheduler = yield* Effect.fork(Scheduler.run)
      yield* settled
      assert.strictEqual((yield* tasks.get(task.key)).status, "queued")
      const fired = yield* firedEvents
      assert.deepStrictEqual(fired.at(-1), { type: "schedule_fired", scheduleId: schedule.id, catchUp: true })
      assert.strictEqual(fired.length, 2, "one catch-up run, not one per missed fire")
      const [after] = yield* (yield* Schedules.Schedules).list()
      assert.strictEqual(after!.nextFireAt?.toISOString(), "2026-03-01T16:30:00.000Z")
      yield* Fiber.interrupt(scheduler)
    }).pipe(Effect.provide(layer)))

  it.effect("creates and enqueues a task from a template at HH:MM in the schedule's time zone", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(START)
      const template = yield* (yield* Templates).add({ name: "deps", title: "Update dependencies", settings: { priority: 2 } })
      yield* (yield* Schedules.Schedules).add({
        name: "morning deps",
        expression: "12:15",
        timezone: "Europe/Berlin",
        target: { _tag: "FromTemplate", templateId: template.id }
      })
      const scheduler = yield* Effect.fork(Scheduler.run)
      yield* advance("74 minutes")
      assert.strictEqual((yield* (yield* Tasks).list()).length, 0, "11:14 UTC is 12:14 in Berlin")
      yield* advance("1 minute")
      const [task] = yield* (yield* Tasks).list()
      assert.strictEqual(task?.title, "Update dependencies")
      assert.strictEqual(task?.status, "queued")
      assert.strictEqual(task?.priority, 2)
      assert.strictEqual(task?.templateId, template.id)
      yield* Fiber.interrupt(scheduler)
    }).pipe(Effect.provide(layer)))
})
