/** OpenAI's Responses API (`POST /v1/responses`). */
import { at, type Protocol, joinUrl, num } from "./Protocol.js"

const outputText = (output: unknown) =>
  Array.isArray(output)
    ? output.flatMap((item) => (Array.isArray(at(item, "content")) ? at(item, "content") as Array<unknown> : []))
      .filter((c) => at(c, "type") === "output_text").map((c) => String(at(c, "text") ?? "")).join("")
    : undefined

export const openAiResponses: Protocol = {
  defaultBaseUrl: "https://api.openai.com/v1",
  request: (endpoint, model, call) => ({
    url: joinUrl(endpoint.baseUrl, "/responses"),
    headers: { authorization: `Bearer ${endpoint.apiKey}` },
    body: {
      model,
      max_output_tokens: call.maxTokens,
      ...(call.system === undefined ? {} : { instructions: call.system }),
      input: call.prompt,
      ...(call.stream ? { stream: true } : {})
    }
  }),
  readBody: (body) => {
    const text = outputText(at(body, "output"))
    if (text === undefined) throw new Error("no output in the Responses answer")
    return { text, inputTokens: num(at(body, "usage", "input_tokens")), outputTokens: num(at(body, "usage", "output_tokens")) }
  },
  readEvent: (r, event, data) => {
    const type = event ?? at(data, "type")
    if (type === "response.output_text.delta") return { ...r, text: r.text + String(at(data, "delta") ?? "") }
    if (type === "response.completed") {
      return { ...r, inputTokens: num(at(data, "response", "usage", "input_tokens")), outputTokens: num(at(data, "response", "usage", "output_tokens")) }
    }
    if (type === "response.failed" || type === "error") throw new Error(String(at(data, "response", "error", "message") ?? at(data, "message") ?? "failed"))
    return r
  }
}
