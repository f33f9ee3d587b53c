/** Google's Gemini API: `generateContent`, and `streamGenerateContent?alt=sse` when streaming. */
import { at, type Protocol, joinUrl, num } from "./Protocol.js"

const partsText = (body: unknown) => {
  const parts = at(body, "candidates", 0, "content", "parts")
  return Array.isArray(parts) ? parts.map((p) => String(at(p, "text") ?? "")).join("") : undefined
}

export const googleGenerate: Protocol = {
  defaultBaseUrl: "https://generativelanguage.googleapis.com",
  request: (endpoint, model, call) => ({
    url: joinUrl(endpoint.baseUrl, `/v1beta/models/${encodeURIComponent(model)}:${call.stream ? "streamGenerateContent?alt=sse" : "generateContent"}`),
    headers: { "x-goog-api-key": endpoint.apiKey },
    body: {
      ...(call.system === undefined ? {} : { systemInstruction: { parts: [{ text: call.system }] } }),
      contents: [{ role: "user", parts: [{ text: call.prompt }] }],
      generationConfig: { maxOutputTokens: call.maxTokens }
    }
  }),
  readBody: (body) => {
    const text = partsText(body)
    if (text === undefined) throw new Error("no candidates[0].content.parts in the answer")
    return { text, inputTokens: num(at(body, "usageMetadata", "promptTokenCount")), outputTokens: num(at(body, "usageMetadata", "candidatesTokenCount")) }
  },
  readEvent: (r, _event, data) => ({
    text: r.text + (partsText(data) ?? ""),
    inputTokens: num(at(data, "usageMetadata", "promptTokenCount")) ?? r.inputTokens,
    outputTokens: num(at(data, "usageMetadata", "candidatesTokenCount")) ?? r.outputTokens
  })
}
