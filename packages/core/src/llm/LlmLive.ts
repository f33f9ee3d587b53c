/**
 * The system LLM over HTTP (@effect/platform's HttpClient): one small protocol module per wire format
 * (Anthropic Messages, also GLM; OpenAI Responses; Chat Completions for any OpenAI-compatible base URL;
 * Google generateContent), streaming or not. The vendor and model are read from the settings on every
 * call, so a change applies at once; keys and base URLs are read from Config when the layer is built.
 * Each call's usage is stored in `llm_usage` (a failure to store it is logged, not raised).
 *
 * | vendor | key | base URL | default model |
 * |---|---|---|---|
 * | `anthropic` | `ANTHROPIC_API_KEY` | `ANTHROPIC_BASE_URL` | `claude-sonnet-4-5` |
 * | `glm` | `GLM_API_KEY` | `GLM_BASE_URL` | `glm-4.6` |
 * | `openai` (Responses) | `OPENAI_API_KEY` | `OPENAI_BASE_URL` | `gpt-5-mini` |
 * | `openai-chat` (Chat Completions) | `OPENAI_API_KEY` (may be unset for a local server) | `OPENAI_BASE_URL` | `gpt-4o-mini` |
 * | `google` | `GEMINI_API_KEY` | `GOOGLE_GEMINI_BASE_URL` | `gemini-2.5-flash` |
 */
import { FetchHttpClient, HttpClient, HttpClientRequest, type HttpClientResponse } from "@effect/platform"
import { SqlClient } from "@effect/sql"
import { Config, Effect, Layer, Option, Redacted, Schema, Stream } from "effect"
import { Settings } from "../store/Settings.js"
import * as AnthropicMessages from "./AnthropicMessages.js"
import { googleGenerate } from "./GoogleGenerate.js"
import { extractJson } from "./JsonAnswer.js"
import { Llm, LlmError, type LlmRequest, type LlmResponse, type LlmVendor } from "./Llm.js"
import { openAiChat } from "./OpenAiChat.js"
import { openAiResponses } from "./OpenAiResponses.js"
import { costUsd } from "./Pricing.js"
import { emptyReading, type Protocol, type Reading } from "./Protocol.js"

const PROTOCOLS: Record<LlmVendor, Protocol> = {
  anthropic: AnthropicMessages.anthropic,
  glm: AnthropicMessages.glm,
  openai: openAiResponses,
  "openai-chat": openAiChat,
  google: googleGenerate
}

export const DEFAULT_MODELS: Record<LlmVendor, string> = {
  anthropic: "claude-sonnet-4-5",
  glm: "glm-4.6",
  openai: "gpt-5-mini",
  "openai-chat": "gpt-4o-mini",
  google: "gemini-2.5-flash"
}

interface VendorEndpoint {
  readonly apiKey: Redacted.Redacted<string> | null
  readonly baseUrl: string | null
}

export type LlmConfig = Readonly<Record<LlmVendor, VendorEndpoint>>

const endpoint = (key: string, baseUrl: string) =>
  Config.all({
    apiKey: Config.option(Config.redacted(key)).pipe(Config.map(Option.getOrNull)),
    baseUrl: Config.option(Config.string(baseUrl)).pipe(Config.map(Option.getOrNull))
  })

export const config: Config.Config<LlmConfig> = Config.all({
  anthropic: endpoint("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"),
  glm: endpoint("GLM_API_KEY", "GLM_BASE_URL"),
  openai: endpoint("OPENAI_API_KEY", "OPENAI_BASE_URL"),
  "openai-chat": endpoint("OPENAI_API_KEY", "OPENAI_BASE_URL"),
  google: endpoint("GEMINI_API_KEY", "GOOGLE_GEMINI_BASE_URL")
})

/** `retry-after` in seconds or as an HTTP date; OpenAI also sends `retry-after-ms`. */
const retryAfterMs = (headers: Readonly<Record<string, string>>): number | undefined => {
  const ms = Number(headers["retry-after-ms"])
  if (Number.isFinite(ms) && ms >= 0 && headers["retry-after-ms"] !== undefined) return ms
  const value = headers["retry-after"]
  if (value === undefined) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return seconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

/** Folds an SSE body into a reading: `event:` and `data:` lines, dispatched at each blank line. */
const readSse = (response: HttpClientResponse.HttpClientResponse, protocol: Protocol) =>
  response.stream.pipe(
    Stream.decodeText(),
    Stream.splitLines,
    Stream.runFold({ reading: emptyReading, event: null as string | null, data: [] as Array<string> }, (state, line) => {
      if (line.startsWith("event:")) return { ...state, event: line.slice(6).trim() }
      if (line.startsWith("data:")) return { ...state, data: [...state.data, line.slice(5).trimStart()] }
      if (line !== "" || state.data.length === 0) return state
      const data = state.data.join("\n")
      const reading = data === "[DONE]" ? state.reading : protocol.readEvent(state.reading, state.event, JSON.parse(data))
      return { reading, event: null, data: [] }
    }),
    Effect.map((state) => state.reading)
  )

export const make = (cfg: LlmConfig) =>
  Effect.gen(function*() {
    const http = yield* HttpClient.HttpClient
    const settings = yield* Settings
    const sql = yield* SqlClient.SqlClient

    const fail = (vendor: string, reason: LlmError["reason"], detail: string, extra: { status?: number; retryAfterMs?: number | undefined } = {}) =>
      new LlmError({
        vendor, reason, detail: detail.slice(0, 500),
        ...(extra.status === undefined ? {} : { status: extra.status }),
        ...(extra.retryAfterMs === undefined ? {} : { retryAfterMs: extra.retryAfterMs })
      })

    const refusal = (vendor: string, response: HttpClientResponse.HttpClientResponse) =>
      Effect.flatMap(Effect.orElseSucceed(response.text, () => ""), (text) => {
        const status = response.status
        const detail = `HTTP ${status}: ${text.slice(0, 300) || "no body"}`
        if (status === 401 || status === 403) return Effect.fail(fail(vendor, "Auth", detail, { status }))
        if (status === 429) return Effect.fail(fail(vendor, "RateLimited", detail, { status, retryAfterMs: retryAfterMs(response.headers) }))
        return Effect.fail(fail(vendor, "Transport", detail, { status }))
      })

    const record = (request: LlmRequest, response: LlmResponse) =>
      sql`insert into llm_usage (feature, vendor, model, input_tokens, output_tokens, cost_usd)
        values (${request.feature}, ${response.vendor}, ${response.model}, ${response.usage.inputTokens},
          ${response.usage.outputTokens}, ${response.usage.costUsd})`.pipe(
        Effect.catchAll((e) => Effect.logWarning(`could not record system LLM usage: ${e.message}`))
      )

    const complete = Effect.fn("Llm.complete")(function*(request: LlmRequest) {
      const vendor = yield* Effect.orDie(settings.get("llmVendor"))
      const model = (yield* Effect.orDie(settings.get("llmModel"))) ?? DEFAULT_MODELS[vendor]
      const endpoint = cfg[vendor]
      if (endpoint.apiKey === null && vendor !== "openai-chat") {
        return yield* fail(vendor, "NotConfigured", `no API key for ${vendor}: set its key variable (see the llm/LlmLive module)`)
      }
      const protocol = PROTOCOLS[vendor]
      const stream = request.stream === true
      const wire = protocol.request(
        { baseUrl: endpoint.baseUrl ?? protocol.defaultBaseUrl, apiKey: endpoint.apiKey === null ? "" : Redacted.value(endpoint.apiKey) },
        model,
        { system: request.system, prompt: request.prompt, maxTokens: request.maxTokens ?? 2048, stream }
      )
      const response = yield* http.execute(
        HttpClientRequest.post(wire.url).pipe(HttpClientRequest.setHeaders(wire.headers), HttpClientRequest.bodyUnsafeJson(wire.body))
      ).pipe(Effect.mapError((e) => fail(vendor, "Transport", e.message)))
      if (response.status >= 400) return yield* refusal(vendor, response)
      const reading: Reading = yield* (stream ? readSse(response, protocol) : Effect.map(response.json, protocol.readBody)).pipe(
        Effect.catchAllDefect((defect) => Effect.fail(fail(vendor, "BadOutput", defect instanceof Error ? defect.message : String(defect)))),
        Effect.mapError((e) => (e instanceof LlmError ? e : fail(vendor, "BadOutput", e.message)))
      )
      const result: LlmResponse = {
        text: reading.text,
        vendor,
        model,
        usage: { inputTokens: reading.inputTokens, outputTokens: reading.outputTokens, costUsd: costUsd(model, reading.inputTokens, reading.outputTokens) }
      }
      yield* record(request, result)
      return result
    })

    const completeJson = <A, I>(schema: Schema.Schema<A, I>, request: LlmRequest) =>
      Effect.flatMap(complete(request), (response) =>
        Effect.try(() => extractJson(response.text)).pipe(
          Effect.flatMap(Schema.decodeUnknown(schema)),
          Effect.map((value) => ({ value, response })),
          Effect.mapError((e) => fail(response.vendor, "BadOutput", `the answer does not match the expected shape: ${e instanceof Error ? e.message : String(e)}`))
        ))

    return Llm.of({ complete, completeJson })
  })

/** The client configured from Config, over `fetch`. */
export const layerConfig = Layer.effect(Llm, Effect.flatMap(config, make)).pipe(Layer.provide(FetchHttpClient.layer))

/** For tests: explicit endpoints. */
export const layer = (cfg: LlmConfig) => Layer.effect(Llm, make(cfg)).pipe(Layer.provide(FetchHttpClient.layer))
