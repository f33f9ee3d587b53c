/** What differs between the LLM wire protocols: the request, and how an answer or a stream is read. */

export interface Endpoint {
  readonly baseUrl: string
  readonly apiKey: string
}

export interface WireRequest {
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: unknown
}

/** What a protocol reads from an answer (a whole body, or a stream's events folded together). */
export interface Reading {
  readonly text: string
  readonly inputTokens: number | null
  readonly outputTokens: number | null
}

export const emptyReading: Reading = { text: "", inputTokens: null, outputTokens: null }

export interface Protocol {
  readonly defaultBaseUrl: string
  readonly request: (endpoint: Endpoint, model: string, call: { system: string | undefined; prompt: string; maxTokens: number; stream: boolean }) => WireRequest
  /** Reads a whole JSON body; throws on a shape it does not know. */
  readonly readBody: (body: unknown) => Reading
  /** Folds one SSE event (its `data` parsed as JSON) into the reading so far. */
  readonly readEvent: (reading: Reading, event: string | null, data: unknown) => Reading
}

/** Path into an unknown JSON value, or undefined. */
export const at = (value: unknown, ...path: ReadonlyArray<string | number>): unknown =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string | number, unknown>)[k] : undefined), value)

export const num = (value: unknown): number | null => (typeof value === "number" ? value : null)

export const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, "")}${path}`
