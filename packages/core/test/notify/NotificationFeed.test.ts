import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Scope } from "effect"
import type { EventPayload } from "../../src/domain/PipelineEvent.js"
import * as NotificationFeed from "../../src/notify/NotificationFeed.js"
import * as NotifierMemory from "../../src/notify/NotifierMemory.js"
import * as EventStream from "../../src/queue/EventStream.js"
import { Events } from "../../src/store/Events.js"
import { Settings } from "../../src/store/Settings.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as QueueTest from "../queue/support/QueueTest.js"

const layer = NotificationFeed.layer.pipe(Layer.provideMerge(EventStream.layer), Layer.provideMerge(QueueTest.layer))

const started: EventPayload = { type: "status_changed", from: "queued", to: "running" }
const reviewed: EventPayload = { type: "status_changed", from: "verifying", to: "review" }
const failed: EventPayload = { type: "status_changed", from: "running", to: "failed", reason: "escalated: test_failure" }

/** Runs the feed for `notifier` in a scope of its own, which the caller closes to "restart". */
const runFeed = (notifier: NotifierMemory.NotifierMemory) =>
  Effect.gen(function*() {
    const scope = yield* Scope.make()
    const feed = yield* NotificationFeed.NotificationFeed
    yield* feed.run(notifier).pipe(Scope.extend(scope))
    return scope
  })

const headlines = (notifier: NotifierMemory.NotifierMemory) => Effect.map(notifier.sent, (all) => all.map((n) => n.headline))

describe("NotificationFeed", () => {
  it.live("delivers each notification once across a restart, in order, skipping history and switched-off kinds", () =>
    Effect.gen(function*() {
      const events = yield* Events
      const tasks = yield* Tasks
      const settings = yield* Settings
      const a = yield* tasks.create({ key: "N-1", title: "Fix *the* [login] test_case" })
      const b = yield* tasks.create({ key: "N-2", title: "Second" })
      // History from before the notifier existed is not replayed into a new chat.
      yield* events.append(started, { taskId: a.id })

      const notifier = yield* NotifierMemory.make("chat")
      const first = yield* runFeed(notifier)
      yield* Effect.sleep("300 millis")
      yield* events.append(reviewed, { taskId: a.id })
      yield* events.append({ type: "agent_message", text: "chatter notifies nobody" }, { taskId: b.id })
      yield* events.append(started, { taskId: b.id })
      yield* QueueTest.eventually("two notifications", Effect.map(notifier.sent, (s) => s.length === 2))
      yield* Scope.close(first, { _tag: "Success", value: undefined } as never)

      // Written while the notifier is down: delivered after the restart, nothing earlier repeated.
      yield* settings.set("notifications", { started: false })
      yield* events.append(started, { taskId: a.id })
      yield* events.append(failed, { taskId: b.id })
      const second = yield* runFeed(notifier)
      yield* QueueTest.eventually("the failure", Effect.map(notifier.sent, (s) => s.length === 3))
      yield* Effect.sleep("300 millis")
      assert.deepStrictEqual(yield* headlines(notifier), [
        "✅ Ready for review: N-1 Fix *the* [login] test_case",
        "▶ Started N-2 Second",
        "❌ Failed: N-2 Second"
      ])
      const [, , failure] = yield* notifier.sent
      assert.deepStrictEqual(failure!.lines, ["escalated: test_failure"])
      yield* Scope.close(second, { _tag: "Success", value: undefined } as never)
    }).pipe(Effect.scoped, Effect.provide(layer)))

  it.live("a channel that is rate limited or down gets the notification later, exactly once", () =>
    Effect.gen(function*() {
      const events = yield* Events
      const tasks = yield* Tasks
      const task = yield* tasks.create({ key: "R-1", title: "Plan me" })
      const notifier = yield* NotifierMemory.make("flaky")
      yield* notifier.failNext(1, "RateLimited", 300)
      const scope = yield* runFeed(notifier)
      yield* Effect.sleep("300 millis")
      yield* events.append({ type: "plan_ready", summary: "Touch two files" }, { taskId: task.id })
      yield* QueueTest.eventually("the plan notification", Effect.map(notifier.sent, (s) => s.length === 1))
      yield* notifier.failNext(2, "Unavailable")
      yield* events.append({ type: "budget_warning", kind: "usd", used: 4, limit: 5 }, { taskId: task.id })
      yield* QueueTest.eventually("the budget notification", Effect.map(notifier.sent, (s) => s.length === 2))
      yield* Effect.sleep("500 millis")
      const sent = yield* notifier.sent
      assert.strictEqual(sent.length, 2, "retries deliver once, never twice")
      assert.deepStrictEqual(sent[0]!.actions.map((x) => x.action), ["approve", "reject"])
      assert.deepStrictEqual(sent[1]!.lines, ["$4.00 of $5.00"])
      yield* Scope.close(scope, { _tag: "Success", value: undefined } as never)
    }).pipe(Effect.scoped, Effect.provide(layer)))

  it.live("a new notifier gets what happens right after run returns (its resume point exists by then)", () =>
    Effect.gen(function*() {
      const events = yield* Events
      const task = yield* (yield* Tasks).create({ key: "S-1", title: "Soon" })
      const notifier = yield* NotifierMemory.make("script")
      // No pause between starting the feed and the event: a script does exactly this.
      const scope = yield* runFeed(notifier)
      yield* events.append(reviewed, { taskId: task.id })
      yield* QueueTest.eventually("the review notification", Effect.map(notifier.sent, (s) => s.length === 1))
      assert.deepStrictEqual(yield* headlines(notifier), ["✅ Ready for review: S-1 Soon"])
      yield* Scope.close(scope, { _tag: "Success", value: undefined } as never)
    }).pipe(Effect.scoped, Effect.provide(layer)))
})
