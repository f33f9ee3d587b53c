import * as Spend from "@devserver/core/budget/Spend"
import * as PlanGate from "@devserver/core/gates/PlanGate"
import * as Digest from "@devserver/core/notify/Digest"
import * as NotificationFeed from "@devserver/core/notify/NotificationFeed"
import { Events } from "@devserver/core/store/Events"
import { Settings } from "@devserver/core/store/Settings"
import { Tasks } from "@devserver/core/store/Tasks"
import { assert, describe, it } from "@effect/vitest"
import { Effect, ExecutionStrategy, Exit, Layer, Redacted, Scope } from "effect"
import * as TelegramBot from "../../src/telegram/TelegramBot.js"
import * as BotApi from "../support/BotApi.js"
import { eventually } from "../support/Gates.js"
import { servicesLayer } from "../support/TestServer.js"

const layer = Layer.mergeAll(PlanGate.layer, Spend.layer, Digest.layer, NotificationFeed.layer).pipe(Layer.provideMerge(servicesLayer))

const TOKEN = "123456:TEST-token-for-loopback"
const ALLOWED = 1001
const STRANGER = 2002
const TRICKY = "Fix _*[]()~`>#+-=|{}.! \\ title"

/**
 * Starts the bot against `api` in its own scope (closing it stops the bot: a restart), a child of the
 * test's scope, so no bot outlives its test.
 */
const startBot = (api: BotApi.BotApi) =>
  Effect.gen(function*() {
    const scope = yield* Scope.fork(yield* Effect.scope, ExecutionStrategy.sequential)
    yield* TelegramBot.make({ token: Redacted.make(TOKEN), chatIds: [ALLOWED], apiRoot: api.url, webhook: null }).pipe(Scope.extend(scope))
    return scope
  })

/** Sends `text` from the allowed chat and waits for the bot's answer; returns its text. */
const ask = (api: BotApi.BotApi, text: string) =>
  Effect.gen(function*() {
    const before = api.sent.length
    api.sendText(ALLOWED, text)
    yield* eventually(`an answer to ${text}`, Effect.sync(() => api.sent.slice(before).some((m) => m.chatId === ALLOWED))).pipe(
      Effect.tapDefect(() => Effect.sync(() => console.log("bot api state:", JSON.stringify({ calls: api.calls, sent: api.sent }))))
    )
    return api.sent.slice(before).find((m) => m.chatId === ALLOWED)!.text
  })

describe("Telegram bot", () => {
  it.live("answers every command from an allow-listed chat, through core, and nothing from other chats", () =>
    Effect.gen(function*() {
      const api = yield* BotApi.make(TOKEN)
      const tasks = yield* Tasks
      const settings = yield* Settings
      yield* startBot(api)
      yield* eventually("the command menu", Effect.sync(() => api.commands.length > 0))
      assert.deepStrictEqual(api.commands.map((c) => c.command), [
        "status", "tasks", "task", "new", "enqueue", "cancel", "retry", "approve", "reject", "pause", "resume", "budget", "digest", "help"
      ])

      // A chat that is not on the list: no answer, no task.
      api.sendText(STRANGER, "/new Sneaky task")
      api.sendText(STRANGER, "/pause")
      const created = yield* ask(api, `/new ${TRICKY}`)
      assert.include(created, TRICKY, "reserved MarkdownV2 characters arrive intact")
      assert.isFalse(api.sent.some((m) => m.chatId === STRANGER))
      const all = yield* tasks.list({})
      assert.deepStrictEqual(all.map((t) => t.title), [TRICKY])
      assert.isFalse(yield* settings.get("queuePaused"))
      const key = all[0]!.key

      assert.include(yield* ask(api, `/enqueue ${key}`), "Queued")
      assert.strictEqual((yield* tasks.get(key)).status, "queued")
      assert.include(yield* ask(api, `/cancel ${key}`), "Cancelled")
      assert.strictEqual((yield* tasks.get(key)).status, "cancelled")
      yield* ask(api, `/retry ${key}`)
      assert.strictEqual((yield* tasks.get(key)).status, "queued")
      yield* ask(api, "/pause")
      assert.isTrue(yield* settings.get("queuePaused"))
      assert.include(yield* ask(api, "/status"), "Queue paused")
      yield* ask(api, "/resume")
      assert.isFalse(yield* settings.get("queuePaused"))
      assert.include(yield* ask(api, `/task ${key}`), `Status: queued`)
      assert.include(yield* ask(api, "/tasks queued"), key)
      assert.include(yield* ask(api, "/budget"), "Spent today: $0.00")
      assert.include(yield* ask(api, "/digest"), "Delivered 0, failed 0")
      assert.include(yield* ask(api, "/help"), "/approve KEY")
      assert.include(yield* ask(api, "/task NOPE-1"), "task not found: NOPE-1")
      assert.include(yield* ask(api, "/enqueue"), "usage: /enqueue KEY")
      assert.include(yield* ask(api, `/approve ${key}`), `no plan of ${key} awaits approval`)
    }).pipe(Effect.scoped, Effect.provide(layer)))

  it.live("a plan notification's Approve button moves the task; 429 and 502 are survived; nothing is lost or repeated across a restart", () =>
    Effect.gen(function*() {
      const api = yield* BotApi.make(TOKEN)
      const tasks = yield* Tasks
      const events = yield* Events
      const gate = yield* PlanGate.PlanGate
      const first = yield* startBot(api)
      yield* eventually("the bot polling", Effect.sync(() => api.calls.includes("getUpdates")))

      const task = yield* tasks.create({ key: "PLAN-1", title: "Add *retry* to [client].fetch()", mode: "interactive" })
      yield* tasks.transition(task.key, "queued")
      api.failNext("sendMessage", { status: 429, retryAfter: 1 })
      yield* gate.submit(task.id, { summary: "Wrap fetch in a retry", approach: "small", steps: [], files_to_touch: ["src/client.ts"], risks: [], acceptance_check: "tests" })
      yield* tasks.transition(task.key, "blocked", { reason: PlanGate.PLAN_AWAITING })
      yield* eventually("the plan notification", Effect.sync(() => api.sent.some((m) => m.buttons.length > 0)))
      const plan = api.sent.find((m) => m.buttons.length > 0)!
      assert.include(plan.text, "Plan ready for approval: PLAN-1 Add *retry* to [client].fetch()")
      assert.deepStrictEqual(plan.buttons.map((b) => b.data), ["approve:PLAN-1", "reject:PLAN-1"])
      assert.strictEqual(api.sent.filter((m) => m.buttons.length > 0).length, 1, "the 429 was retried once, not sent twice")

      api.failNext("getUpdates", { status: 502 })
      yield* Effect.sleep("200 millis")
      api.pressButton(ALLOWED, plan.messageId, plan.buttons[0]!.data)
      yield* eventually("the approval", Effect.map(tasks.get(task.key), (t) => t.status === "queued"), 45)
      assert.isTrue(api.answers.some((a) => a.text.includes("Plan approved by telegram:alice")))

      // Down: a failure happens meanwhile; after the restart it is notified once, and nothing earlier again.
      yield* Scope.close(first, Exit.void)
      const sentBefore = api.sent.length
      yield* events.append({ type: "status_changed", from: "running", to: "failed", reason: "escalated: test_failure" }, { taskId: task.id })
      yield* startBot(api)
      yield* eventually("the failure notification", Effect.sync(() => api.sent.length > sentBefore))
      yield* Effect.sleep("1 second")
      const after = api.sent.slice(sentBefore)
      assert.deepStrictEqual(after.map((m) => m.text.split("\n")[0]), ["❌ Failed: PLAN-1 Add *retry* to [client].fetch()"])
    }).pipe(Effect.scoped, Effect.provide(layer)), 90_000)
})
