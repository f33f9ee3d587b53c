/** Chat Completions (`POST /chat/completions`): OpenAI and every OpenAI-compatible server (Ollama, vLLM, Azure). */
import { at, type Protocol, joinUrl, num } from "./Protocol.js"

export const openAiChat: Protocol = {
  defaultBaseUrl: "https://api.openai.com/v1",
  request: (endpoint, model, call) => ({
    url: joinUrl(endpoint.baseUrl, "/chat/completions"),
    headers: { authorization: `Bearer ${endpoint.apiKey}`, "api-key": endpoint.apiKey },
    body: {
      model,
      max_tokens: call.maxTokens,
      messages: [...(call.system === undefined ? [] : [{ role: "system", content: call.system }]), { role: "user", content: call.prompt }],
      ...(call.stream ? { stream: true, stream_options: { include_usage: true } } : {})
    }
  }),
  readBody: (body) => {
    const text = at(body, "choices", 0, "message", "content")
    if (typeof text !== "string") throw new Error("no choices[0].message.content in the answer")
    return { text, inputTokens: num(at(body, "usage", "prompt_tokens")), outputTokens: num(at(body, "usage", "completion_tokens")) }
  },
  readEvent: (r, _event, data) => ({
    text: r.text + String(at(data, "choices", 0, "delta", "content") ?? ""),
    inputTokens: num(at(data, "usage", "prompt_tokens")) ?? r.inputTokens,
    outputTokens: num(at(data, "usage", "completion_tokens")) ?? r.outputTokens
  })
}
