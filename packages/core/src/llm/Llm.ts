/**
 * The system LLM: short text-in, text-out calls that DevServer makes itself (drafting a task from one
 * line, planning an idea, compacting failed runs), as opposed to the coding agents. Vendor and model
 * are the live settings `llmVendor` and `llmModel`; keys and base URLs are the vendors' own variables.
 * Every call's tokens and cost (when the model's price is known) are recorded.
 */
import { Context, type Effect, Schema } from "effect"

/** The wire protocols the client speaks; `openai-chat` is any OpenAI-compatible server (Ollama, vLLM, Azure). */
export const LlmVendor = Schema.Literal("anthropic", "glm", "openai", "openai-chat", "google")
export type LlmVendor = typeof LlmVendor.Type

export interface LlmRequest {
  /** What the call is for (`fill_task`, `compaction`, …): recorded with its usage. */
  readonly feature: string
  readonly system?: string | undefined
  readonly prompt: string
  /** Default 2,048. */
  readonly maxTokens?: number | undefined
  /** Ask the server to stream (SSE); the answer is the same, assembled. */
  readonly stream?: boolean | undefined
}

export interface LlmUsage {
  readonly inputTokens: number | null
  readonly outputTokens: number | null
  /** null when the model's price is unknown (never a made-up 0). */
  readonly costUsd: number | null
}

export interface LlmResponse {
  readonly text: string
  readonly vendor: LlmVendor
  readonly model: string
  readonly usage: LlmUsage
}

/**
 * A failed call. `NotConfigured`: no key for the selected vendor. `Auth`: the key was refused.
 * `RateLimited`: with the server's `retry-after` when it gave one. `BadOutput`: the answer could not
 * be read or did not match the expected Schema (nothing was stored). `Transport`: the server could
 * not be reached or failed (5xx).
 */
export class LlmError extends Schema.TaggedError<LlmError>()("LlmError", {
  reason: Schema.Literal("NotConfigured", "Auth", "RateLimited", "BadOutput", "Transport"),
  vendor: Schema.String,
  detail: Schema.String,
  status: Schema.optional(Schema.Number),
  retryAfterMs: Schema.optional(Schema.Number)
}) {
  override get message() {
    const wait = this.retryAfterMs === undefined ? "" : ` (retry after ${Math.ceil(this.retryAfterMs / 1000)} s)`
    return `system LLM (${this.vendor}) ${this.reason}${this.status === undefined ? "" : ` ${this.status}`}: ${this.detail}${wait}`
  }
}

export interface LlmService {
  /** One completion. */
  readonly complete: (request: LlmRequest) => Effect.Effect<LlmResponse, LlmError>
  /**
   * A completion that must be JSON matching `schema` (the prompt should say so): the first JSON
   * object of the answer is parsed and decoded; anything else is `BadOutput`.
   */
  readonly completeJson: <A, I>(schema: Schema.Schema<A, I>, request: LlmRequest) => Effect.Effect<{ readonly value: A; readonly response: LlmResponse }, LlmError>
}

export class Llm extends Context.Tag("@devserver/core/llm/Llm")<Llm, LlmService>() {}
