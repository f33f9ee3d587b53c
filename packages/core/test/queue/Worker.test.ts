import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Layer, Queue as Q, Ref, Schedule, Scope, TestClock } from "effect"
import { Queue, QUEUE_CHANNEL } from "../../src/queue/Queue.js"
import { TaskRunner } from "../../src/queue/TaskRunner.js"
import * as Worker from "../../src/queue/Worker.js"
import * as Notifications from "../../src/store/Notifications.js"
import { Repos } from "../../src/store/Repos.js"
import { Settings } from "../../src/store/Settings.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as QueueTest from "./support/QueueTest.js"

/** A runner that records which tasks started and holds each until `gate` opens. */
const gatedRunner = Effect.gen(function*() {
  const started = yield* Ref.make<ReadonlyArray<string>>([])
  const gate = yield* Deferred.make<void>()
  const layer = Layer.succeed(TaskRunner, {
    run: (task) => Ref.update(started, (s) => [...s, task.key]).pipe(Effect.zipRight(Deferred.await(gate)), Effect.as({ status: "review" } as const))
  })
  return { started, gate, layer }
})

const statusCount = (status: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => sql<{ n: number }>`select count(*)::int as n from tasks where status = ${status}`).pipe(
    Effect.map(([r]) => r!.n)
  )

const enqueueMany = (n: number) =>
  Effect.gen(function*() {
    const tasks = yield* Tasks
    const queue = yield* Queue
    for (let i = 0; i < n; i++) yield* queue.enqueue((yield* tasks.create({ title: `task ${i}` })).key)
  })

const startWorker = (runner: Layer.Layer<TaskRunner>, config: Worker.WorkerConfig = {}) =>
  Worker.make({ pollInterval: "1 minute", ...config }).pipe(Effect.provide(runner))

describe("Worker", () => {
  it.live("pause stops new claims at once while running tasks finish; resume restarts them", () =>
    Effect.gen(function*() {
      const settings = yield* Settings
      const { gate, layer, started } = yield* gatedRunner
      yield* settings.set("maxConcurrency", 1)
      yield* startWorker(layer)
      yield* enqueueMany(3)
      yield* QueueTest.eventually("one task running", Effect.map(statusCount("running"), (n) => n === 1), "5 seconds")

      yield* settings.set("queuePaused", true)
      yield* Deferred.succeed(gate, undefined)
      yield* QueueTest.eventually("the running task to finish", Effect.map(statusCount("review"), (n) => n === 1), "5 seconds")
      yield* Effect.sleep("1500 millis")
      assert.strictEqual(yield* statusCount("queued"), 2, "no claim while paused")
      assert.strictEqual((yield* Ref.get(started)).length, 1)

      const resumedAt = Date.now()
      yield* settings.set("queuePaused", false)
      yield* QueueTest.eventually("all tasks delivered after resume", Effect.map(statusCount("review"), (n) => n === 3), "5 seconds")
      assert.isBelow(Date.now() - resumedAt, 1000, "resume is heard through NOTIFY, not the one-minute poll")
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))

  it.live("a concurrency change applies to a running worker without restart", () =>
    Effect.gen(function*() {
      const settings = yield* Settings
      const { gate, layer } = yield* gatedRunner
      yield* settings.set("maxConcurrency", 1)
      yield* startWorker(layer)
      yield* enqueueMany(5)
      yield* QueueTest.eventually("one task running", Effect.map(statusCount("running"), (n) => n === 1), "5 seconds")
      yield* Effect.sleep("500 millis")
      assert.strictEqual(yield* statusCount("running"), 1)

      yield* settings.set("maxConcurrency", 3)
      yield* QueueTest.eventually("three tasks running", Effect.map(statusCount("running"), (n) => n === 3), "2 seconds")
      yield* Effect.sleep("300 millis")
      assert.strictEqual(yield* statusCount("running"), 3, "never more than the new limit")
      yield* Deferred.succeed(gate, undefined)
      yield* QueueTest.eventually("all delivered", Effect.map(statusCount("review"), (n) => n === 5), "5 seconds")
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))

  it.live("a stopping worker returns its running tasks to the queue for others", () =>
    Effect.gen(function*() {
      const { layer } = yield* gatedRunner
      yield* enqueueMany(2)
      const scope = yield* Scope.make()
      yield* Scope.extend(startWorker(layer, { maxConcurrency: 2 }), scope)
      yield* QueueTest.eventually("two running", Effect.map(statusCount("running"), (n) => n === 2), "5 seconds")
      yield* Scope.close(scope, Exit.void)
      assert.strictEqual(yield* statusCount("queued"), 2)
      assert.strictEqual(yield* statusCount("running"), 0)
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))

  it.live("a task moved out of running by Tasks.transition frees its repo slot for a worker at once", () =>
    Effect.gen(function*() {
      const tasks = yield* Tasks
      const queue = yield* Queue
      const { layer, started } = yield* gatedRunner
      yield* (yield* Repos).add({ name: "single", provider: "gitea", cloneUrl: "https://git.example/single.git" })
      const first = yield* tasks.create({ title: "first", repo: "single" })
      const second = yield* tasks.create({ title: "second", repo: "single" })
      yield* queue.enqueue(first.key)
      yield* queue.enqueue(second.key)
      yield* startWorker(layer, { maxConcurrency: 2 })
      yield* QueueTest.eventually("the first task running", Effect.map(Ref.get(started), (s) => s.length === 1), "5 seconds")
      const movedAt = Date.now()
      // A human (or the pipeline) blocks the running task by hand: the slot is free, the worker hears it.
      yield* tasks.transition(first.key, "blocked", { reason: "plan awaiting approval" })
      yield* QueueTest.eventually("the second task running", Effect.map(Ref.get(started), (s) => s.includes(second.key)), "5 seconds")
      assert.isBelow(Date.now() - movedAt, 1000, "woken by NOTIFY, not the one-minute poll")
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))

  it.live("a task claimed as the previous one ends can still be cancelled (its fiber is interruptible)", () =>
    Effect.gen(function*() {
      const tasks = yield* Tasks
      const queue = yield* Queue
      const interrupted = yield* Ref.make<ReadonlyArray<string>>([])
      const first = yield* tasks.create({ title: "quick", priority: 1 })
      const second = yield* tasks.create({ title: "endless", priority: 2 })
      const runner = Layer.succeed(TaskRunner, {
        run: (task) =>
          task.key === first.key
            ? Effect.succeed({ status: "review" } as const)
            : Effect.never.pipe(Effect.onInterrupt(() => Ref.update(interrupted, (i) => [...i, task.key])))
      })
      yield* queue.enqueue(first.key)
      yield* queue.enqueue(second.key)
      yield* startWorker(runner, { maxConcurrency: 1 })
      // The second task is claimed by the statement that completes the first.
      yield* QueueTest.eventually("the second task running", Effect.map(tasks.get(second.key), (t) => t.status === "running"), "5 seconds")
      yield* queue.cancel(second.key, "tester")
      yield* QueueTest.eventually("the runner interrupted", Effect.map(Ref.get(interrupted), (i) => i.includes(second.key)), "2 seconds")
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))

  it.effect("infrastructure failures are retried with a doubling backoff capped at 10 s", () =>
    Effect.gen(function*() {
      const attempts = yield* Ref.make<Array<number>>([])
      const failing = Effect.gen(function*() {
        const now = yield* TestClock.currentTimeMillis
        yield* Ref.update(attempts, (a) => [...a, now])
        return yield* Effect.fail("database down")
      })
      const fiber = yield* Effect.fork(Effect.retry(failing, Worker.retryPolicy.pipe(Schedule.compose(Schedule.recurs(8)))))
      for (let i = 0; i < 12; i++) yield* TestClock.adjust("10 seconds")
      yield* fiber.await
      const times = yield* Ref.get(attempts)
      const gaps = times.slice(1).map((t, i) => t - times[i]!)
      assert.deepStrictEqual(gaps, [200, 400, 800, 1600, 3200, 6400, 10000, 10000])
    }))
  it.live("a worker that stops leaves its channels heard by the process's other listeners (it never UNLISTENs)", () =>
    Effect.gen(function*() {
      const notifications = yield* Notifications.Notifications
      const sql = yield* SqlClient.SqlClient
      // Another listener of the same process on the worker's channel (the dashboard's queue view).
      const heard = yield* notifications.subscribe(QUEUE_CHANNEL)
      const { layer } = yield* gatedRunner
      const workerScope = yield* Scope.make()
      yield* Scope.extend(startWorker(layer), workerScope)
      yield* Effect.sleep("500 millis")
      yield* Scope.close(workerScope, Exit.void)
      yield* Effect.sleep("300 millis")
      yield* Q.takeAll(heard)
      yield* sql`select pg_notify(${QUEUE_CHANNEL}, 'after the worker')`
      const next = yield* Q.take(heard).pipe(Effect.timeoutTo({ duration: "3 seconds", onTimeout: () => "nothing", onSuccess: (p) => p }))
      assert.strictEqual(next, "after the worker")
    }).pipe(Effect.scoped, Effect.provide(Notifications.layer.pipe(Layer.provideMerge(QueueTest.layer)))))
})
