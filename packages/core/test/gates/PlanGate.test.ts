import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as PlanGate from "../../src/gates/PlanGate.js"
import { Events } from "../../src/store/Events.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as TestStore from "../support/TestStore.js"

const layer = PlanGate.layer.pipe(Layer.provideMerge(TestStore.layer))

const plan = {
  summary: "Rename the helper",
  approach: "Small rename",
  steps: ["rename", "update callers"],
  files_to_touch: ["src/a.ts"],
  risks: [],
  acceptance_check: "tests pass"
}

/** A task blocked on a submitted plan, as the pipeline leaves it. */
const awaitingTask = (key: string) =>
  Effect.gen(function*() {
    const tasks = yield* Tasks
    const gate = yield* PlanGate.PlanGate
    const task = yield* tasks.create({ key, title: `Plan ${key}`, mode: "interactive" })
    yield* tasks.transition(key, "queued")
    yield* gate.submit(task.id, plan)
    yield* tasks.transition(key, "blocked", { reason: PlanGate.PLAN_AWAITING })
    return task
  })

describe("PlanGate", () => {
  it.effect("approve re-queues the task and records who approved; the approved plan is kept for the next run", () =>
    Effect.gen(function*() {
      const gate = yield* PlanGate.PlanGate
      const events = yield* Events
      const task = yield* awaitingTask("P-1")
      const approved = yield* gate.approve("P-1", "alice")
      assert.strictEqual(approved.status, "queued")
      const stored = yield* gate.latest(task.id)
      assert.strictEqual(stored?.status, "approved")
      assert.deepStrictEqual(stored?.plan.files_to_touch, ["src/a.ts"])
      const types = (yield* events.list({ taskId: task.id })).map((e) => e.payload.type)
      assert.includeMembers(types, ["plan_ready", "plan_approved"])
      // A second approval finds nothing awaiting and changes nothing.
      const again = yield* Effect.flip(gate.approve("P-1", "bob"))
      assert.strictEqual(again._tag, "NoPlanAwaiting")
      assert.strictEqual((yield* (yield* Tasks).get("P-1")).status, "queued")
    }).pipe(Effect.provide(layer)))

  it.effect("reject cancels the task with the reason; approve of a task not blocked on a plan is refused", () =>
    Effect.gen(function*() {
      const gate = yield* PlanGate.PlanGate
      const tasks = yield* Tasks
      yield* awaitingTask("P-2")
      const rejected = yield* gate.reject("P-2", "carol", "too risky")
      assert.strictEqual(rejected.status, "cancelled")
      assert.strictEqual((yield* gate.latest(rejected.id))?.reason, "too risky")

      const other = yield* tasks.create({ key: "P-3", title: "No plan" })
      yield* tasks.transition("P-3", "queued")
      yield* tasks.transition("P-3", "blocked", { reason: "budget exceeded" })
      const refused = yield* Effect.flip(gate.approve("P-3", "alice"))
      assert.strictEqual(refused._tag, "NoPlanAwaiting")
      assert.strictEqual((yield* tasks.get("P-3")).status, "blocked")
      assert.strictEqual(other.status, "pending")
    }).pipe(Effect.provide(layer)))
})
