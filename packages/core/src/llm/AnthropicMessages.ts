/** Anthropic's Messages API (`POST /v1/messages`), also spoken by GLM's Anthropic-compatible endpoint. */
import { at, type Protocol, joinUrl, num } from "./Protocol.js"

const textOf = (content: unknown) =>
  Array.isArray(content) ? content.filter((b) => at(b, "type") === "text").map((b) => String(at(b, "text") ?? "")).join("") : undefined

export const make = (defaultBaseUrl: string): Protocol => ({
  defaultBaseUrl,
  request: (endpoint, model, call) => ({
    url: joinUrl(endpoint.baseUrl, "/v1/messages"),
    headers: { "x-api-key": endpoint.apiKey, "anthropic-version": "2023-06-01" },
    body: {
      model,
      max_tokens: call.maxTokens,
      ...(call.system === undefined ? {} : { system: call.system }),
      messages: [{ role: "user", content: call.prompt }],
      ...(call.stream ? { stream: true } : {})
    }
  }),
  readBody: (body) => {
    const text = textOf(at(body, "content"))
    if (text === undefined) throw new Error("no content in the Messages answer")
    return { text, inputTokens: num(at(body, "usage", "input_tokens")), outputTokens: num(at(body, "usage", "output_tokens")) }
  },
  readEvent: (r, event, data) => {
    const type = event ?? at(data, "type")
    if (type === "message_start") return { ...r, inputTokens: num(at(data, "message", "usage", "input_tokens")) }
    if (type === "content_block_delta" && at(data, "delta", "type") === "text_delta") return { ...r, text: r.text + String(at(data, "delta", "text") ?? "") }
    if (type === "message_delta") return { ...r, outputTokens: num(at(data, "usage", "output_tokens")) ?? r.outputTokens }
    if (type === "error") throw new Error(String(at(data, "error", "message") ?? "error event"))
    return r
  }
})

export const anthropic = make("https://api.anthropic.com")
export const glm = make("https://open.bigmodel.cn/api/anthropic")
