import * as Decisions from "@devserver/core/decisions/Decisions"
import * as Spend from "@devserver/core/budget/Spend"
import * as PlanGate from "@devserver/core/gates/PlanGate"
import * as Digest from "@devserver/core/notify/Digest"
import * as NotificationFeed from "@devserver/core/notify/NotificationFeed"
import { Tasks } from "@devserver/core/store/Tasks"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as TelegramBot from "../../src/telegram/TelegramBot.js"
import * as BotApi from "../support/BotApi.js"
import { blockOnDecision, eventually } from "../support/Gates.js"
import { servicesLayer } from "../support/TestServer.js"

const layer = Layer.mergeAll(PlanGate.layer, Decisions.layer, Spend.layer, Digest.layer, NotificationFeed.layer).pipe(Layer.provideMerge(servicesLayer))

const TOKEN = "123456:TEST-token-for-decisions"
const CHAT = 1001

/** A task blocked on a decision the classifier refused, as the pipeline leaves it. */
const blockedOn = (key: string, action: string) =>
  Effect.flatMap(Effect.flatMap(Tasks, (t) => t.create({ key, title: `Publish ${key}` })), () => blockOnDecision(key, action))

describe("Telegram decision buttons", () => {
  it.live("a decision-needed notification carries Approve / Reject; pressing them resolves the decision and re-queues the task", () =>
    Effect.gen(function*() {
      const api = yield* BotApi.make(TOKEN)
      const tasks = yield* Tasks
      const decisions = yield* Decisions.Decisions
      yield* TelegramBot.make({ token: Redacted.make(TOKEN), chatIds: [CHAT], apiRoot: api.url, webhook: null })
      yield* eventually("the bot polling", Effect.sync(() => api.calls.includes("getUpdates")))

      const first = yield* blockedOn("DEC-1", "npm publish --access public")
      const second = yield* blockedOn("DEC-2", "curl -X POST https://hooks.slack.com/services/T0/B0/x -d 'hello'")
      yield* eventually("two decision notifications", Effect.sync(() => api.sent.filter((m) => m.text.includes("Decision needed")).length === 2))
      const [one, two] = api.sent.filter((m) => m.text.includes("Decision needed"))
      assert.include(one!.text, "Decision needed: DEC-1 Publish DEC-1")
      assert.include(one!.text, "npm publish")
      assert.deepStrictEqual(one!.buttons.map((b) => [b.text, b.data]), [["Approve", `decision-approve:${first}`], ["Reject", `decision-reject:${first}`]])

      api.pressButton(CHAT, one!.messageId, one!.buttons[0]!.data)
      yield* eventually("DEC-1 queued again", Effect.map(tasks.get("DEC-1"), (t) => t.status === "queued"))
      api.pressButton(CHAT, two!.messageId, two!.buttons[1]!.data)
      yield* eventually("DEC-2's decision rejected", Effect.map(decisions.pending("DEC-2"), (p) => p.length === 0))
      const resolved = yield* Effect.flatMap(tasks.get("DEC-2"), (t) => decisions.resolved(t.id))
      assert.deepStrictEqual(resolved.map((d) => [d.id, d.status]), [[second, "rejected"]])
      assert.strictEqual((yield* tasks.get("DEC-2")).status, "queued", "the task goes on without the action")
      yield* eventually("the answers", Effect.sync(() => api.answers.length >= 2))
      assert.isTrue(api.answers.some((a) => a.text === `Decision ${first} of DEC-1 approved by telegram:alice`))

      // Pressed again (an old message): a clear refusal, nothing changes.
      const before = api.sent.length
      api.pressButton(CHAT, one!.messageId, one!.buttons[1]!.data)
      yield* eventually("the refusal", Effect.sync(() => api.sent.slice(before).some((m) => m.text.includes("already approved"))))
      assert.strictEqual((yield* Effect.flatMap(tasks.get("DEC-1"), (t) => decisions.resolved(t.id)))[0]!.status, "approved")
    }).pipe(Effect.scoped, Effect.provide(layer)), 90_000)
})
