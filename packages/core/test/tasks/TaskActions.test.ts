import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Events } from "../../src/store/Events.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as TaskActions from "../../src/tasks/TaskActions.js"
import * as TestStore from "../support/TestStore.js"

const layer = TaskActions.layer.pipe(Layer.provideMerge(TestStore.layer))

/** A new task moved along `path` (from pending). */
const taskAt = (path: ReadonlyArray<"queued" | "running" | "review" | "failed" | "cancelled">) =>
  Effect.gen(function*() {
    const tasks = yield* Tasks
    const task = yield* tasks.create({ title: `at ${path.join(">") || "pending"}` })
    for (const step of path) yield* tasks.transition(task.key, step)
    return task.key
  })

const reviewed = taskAt(["queued", "running", "review"])

describe("TaskActions", () => {
  it.layer(layer)((it) => {
    it.effect("done, reject and continue act on a task in review and say who did it", () =>
      Effect.gen(function*() {
        const actions = yield* TaskActions.TaskActions
        const events = yield* Events
        assert.strictEqual((yield* actions.done(yield* reviewed, { by: "cli:ann" })).status, "done")
        const rejected = yield* actions.reject(yield* reviewed, { reason: "wrong file", by: "cli:ann" })
        assert.strictEqual(rejected.status, "failed")
        const log = yield* events.list({ taskId: rejected.id })
        const last = log.at(-1)!.payload
        assert.deepInclude(last, { type: "status_changed", from: "review", to: "failed", reason: "rejected by cli:ann: wrong file" })
        const continued = yield* actions.continue(yield* reviewed, { note: "also update the docs" })
        assert.strictEqual(continued.status, "queued")
      }))

    it.effect("retry re-queues failed and cancelled tasks", () =>
      Effect.gen(function*() {
        const actions = yield* TaskActions.TaskActions
        assert.strictEqual((yield* actions.retry(yield* taskAt(["queued", "running", "failed"]))).status, "queued")
        assert.strictEqual((yield* actions.retry(yield* taskAt(["cancelled"]))).status, "queued")
      }))

    it.effect("an action on the wrong status is refused with ActionRefused and changes nothing", () =>
      Effect.gen(function*() {
        const actions = yield* TaskActions.TaskActions
        const tasks = yield* Tasks
        const events = yield* Events
        const pending = yield* taskAt([])
        const running = yield* taskAt(["queued", "running"])
        const cases = [
          [actions.done(pending), pending, "cannot done"],
          [actions.continue(running), running, "cannot continue"],
          [actions.retry(yield* reviewed), null, "cannot retry"],
          [actions.archive(running, true), running, "cannot archive"]
        ] as const
        for (const [attempt, key, message] of cases) {
          const before = key ? yield* tasks.get(key) : null
          const count = key ? (yield* events.list({ taskId: before!.id })).length : 0
          const error = yield* Effect.flip(attempt)
          assert.strictEqual(error._tag, "ActionRefused")
          assert.include(error.message, message)
          if (key) {
            const after = yield* tasks.get(key)
            assert.strictEqual(after.status, before!.status)
            assert.strictEqual(after.archived, false)
            assert.strictEqual((yield* events.list({ taskId: before!.id })).length, count)
          }
        }
        assert.strictEqual((yield* Effect.flip(actions.done("NOPE-404")))._tag, "NotFound")
      }))

    it.effect("archive hides a finished task from the default listing; unarchive brings it back", () =>
      Effect.gen(function*() {
        const actions = yield* TaskActions.TaskActions
        const tasks = yield* Tasks
        const key = yield* taskAt(["cancelled"])
        assert.isTrue((yield* actions.archive(key, true)).archived)
        assert.isFalse((yield* tasks.list()).some((t) => t.key === key))
        assert.isTrue((yield* tasks.list({ includeArchived: true })).some((t) => t.key === key))
        assert.isFalse((yield* actions.archive(key, false)).archived)
        assert.strictEqual((yield* tasks.get(key)).status, "cancelled")
      }))
  })
})
