import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, Schema } from "effect"
import { Llm, type LlmVendor } from "../../src/llm/Llm.js"
import * as LlmLive from "../../src/llm/LlmLive.js"
import { Settings } from "../../src/store/Settings.js"
import * as LlmServer from "../support/models/LlmServer.js"
import * as TestStore from "../support/TestStore.js"

const KEY = "sk-test-canary-7f3a"

/** The client pointed at `server` for every vendor. */
const withClient = <A, E, R>(server: LlmServer.LlmServer, body: Effect.Effect<A, E, R>) => {
  const endpoint = (suffix = "") => ({ apiKey: Redacted.make(KEY), baseUrl: `${server.url}${suffix}` })
  const cfg = { anthropic: endpoint(), glm: endpoint(), openai: endpoint("/v1"), "openai-chat": endpoint("/v1"), google: endpoint() }
  return body.pipe(Effect.provide(LlmLive.layer(cfg)))
}

const layer = TestStore.layer

const vendors: ReadonlyArray<readonly [LlmVendor, string, string]> = [
  ["anthropic", "claude-sonnet-4-5", "/v1/messages"],
  ["glm", "glm-4.6", "/v1/messages"],
  ["openai", "gpt-5-mini", "/v1/responses"],
  ["openai-chat", "llama3.1", "/v1/chat/completions"],
  ["google", "gemini-2.5-flash", "/v1beta/models/gemini-2.5-flash:"]
]

describe("system LLM client", () => {
  it.scoped("speaks each protocol, whole and streamed, with usage and cost recorded", () =>
    Effect.gen(function*() {
      const server = yield* LlmServer.make(KEY)
      const settings = yield* Settings
      const sql = yield* SqlClient.SqlClient
      server.answer = "Ready: the task touches *three* files, \"quoted\" and\nmultiline."
      for (const [vendor, model, path] of vendors) {
        yield* settings.set("llmVendor", vendor)
        yield* settings.set("llmModel", model)
        for (const stream of [false, true]) {
          const response = yield* withClient(server, Effect.flatMap(Llm, (llm) => llm.complete({ feature: "test", system: "Be brief.", prompt: `Say hi ${vendor}`, stream })))
          assert.strictEqual(response.text, server.answer, `${vendor} stream=${stream}`)
          assert.deepStrictEqual([response.usage.inputTokens, response.usage.outputTokens], [120, 30], `${vendor} stream=${stream} usage`)
          const request = server.received.at(-1)!
          assert.isTrue(request.path.startsWith(path), `${vendor} path ${request.path}`)
          assert.include(JSON.stringify(request.body), `Say hi ${vendor}`)
          assert.include(JSON.stringify(request.body), "Be brief.")
        }
      }
      const rows = yield* sql<{ vendor: string; costUsd: string | null }>`select vendor, cost_usd from llm_usage order by id`
      assert.strictEqual(rows.length, 10)
      assert.closeTo(Number(rows[0]!.costUsd), (120 * 3 + 30 * 15) / 1e6, 1e-9, "claude-sonnet-4-5 at list price")
      assert.isNull(rows.find((r) => r.vendor === "openai-chat")!.costUsd, "a local model's cost stays unknown, not 0")
    }).pipe(Effect.provide(layer)))

  it.scoped("429 with retry-after, 500, a malformed body, a refused key and Schema-failing JSON are typed errors", () =>
    Effect.gen(function*() {
      const server = yield* LlmServer.make(KEY)
      const settings = yield* Settings
      yield* settings.set("llmVendor", "anthropic")
      const call = withClient(server, Effect.flatMap(Llm, (llm) => llm.complete({ feature: "test", prompt: "x" })))

      server.failures.push({ status: 429, retryAfter: "7" })
      const limited = yield* Effect.flip(call)
      assert.deepStrictEqual([limited.reason, limited.retryAfterMs], ["RateLimited", 7000])
      server.failures.push({ status: 500 })
      const down = yield* Effect.flip(call)
      assert.deepStrictEqual([down.reason, down.status], ["Transport", 500])
      server.failures.push({ malformed: true })
      assert.strictEqual((yield* Effect.flip(call)).reason, "BadOutput")

      const wrongKey = yield* LlmServer.make("another-key")
      const refused = yield* Effect.flip(withClient(wrongKey, Effect.flatMap(Llm, (llm) => llm.complete({ feature: "test", prompt: "x" }))))
      assert.strictEqual(refused.reason, "Auth")
      assert.notInclude(refused.message, KEY, "the key never appears in an error")

      const Draft = Schema.Struct({ title: Schema.String, priority: Schema.Int })
      server.answer = "Here you go:\n```json\n{\"title\": \"Fix login\", \"priority\": 2}\n```"
      const good = yield* withClient(server, Effect.flatMap(Llm, (llm) => llm.completeJson(Draft, { feature: "test", prompt: "draft" })))
      assert.deepStrictEqual(good.value, { title: "Fix login", priority: 2 })
      server.answer = "{\"title\": \"Fix login\", \"priority\": \"high\"}"
      const bad = yield* Effect.flip(withClient(server, Effect.flatMap(Llm, (llm) => llm.completeJson(Draft, { feature: "test", prompt: "draft" }))))
      assert.strictEqual(bad.reason, "BadOutput")
      assert.include(bad.message, "priority")
    }).pipe(Effect.provide(layer)))
})
