/**
 * The one edge to `fetch` for forge APIs: JSON in and out, a timeout, and every failure translated
 * into a `ForgeError` (status → reason, `Retry-After` and GitHub's rate-limit headers → `retryAfterMs`).
 * Error details carry the forge's own message, never a request header.
 */
import { Duration, Effect } from "effect"
import { ForgeError } from "./Forge.js"

export interface Response {
  readonly status: number
  readonly headers: Headers
  readonly body: unknown
}

export interface Request {
  readonly operation: string
  readonly method: "GET" | "POST" | "PATCH"
  readonly url: string
  readonly headers: Record<string, string>
  readonly body?: unknown
}

const TIMEOUT = Duration.seconds(30)

const retryAfter = (headers: Headers): number | undefined => {
  const after = headers.get("retry-after")
  if (after !== null && /^\d+$/.test(after.trim())) return Number(after) * 1000
  if (after !== null && !Number.isNaN(Date.parse(after))) return Math.max(0, Date.parse(after) - Date.now())
  const reset = headers.get("x-ratelimit-reset")
  if (headers.get("x-ratelimit-remaining") === "0" && reset !== null) return Math.max(0, Number(reset) * 1000 - Date.now())
  return undefined
}

const messageOf = (body: unknown): string => {
  if (typeof body === "object" && body !== null) {
    const b = body as { message?: unknown; errors?: Array<{ message?: unknown }> }
    const extra = Array.isArray(b.errors) ? b.errors.map((e) => e.message).filter((m) => typeof m === "string") : []
    return [typeof b.message === "string" ? b.message : "", ...extra].filter(Boolean).join("; ").slice(0, 300)
  }
  return typeof body === "string" ? body.slice(0, 300) : ""
}

/** The ForgeError for a non-2xx answer. */
export const errorFor = (operation: string, response: Response): ForgeError => {
  const { status, headers, body } = response
  const detail = messageOf(body) || `HTTP ${status}`
  const wait = retryAfter(headers)
  const make = (reason: ForgeError["reason"]) =>
    new ForgeError({ reason, operation, status, detail, ...(wait === undefined ? {} : { retryAfterMs: wait }) })
  if (status === 429 || (status === 403 && (headers.get("x-ratelimit-remaining") === "0" || wait !== undefined))) return make("RateLimited")
  if (status === 401 || status === 403) return make("Auth")
  if (status === 404) return make("NotFound")
  if (status === 409 || (status === 422 && /already exists/i.test(detail))) return make("Conflict")
  if (status >= 500) return make("Transport")
  return make("BadResponse")
}

/** Sends one request; a 2xx answer is a `Response`, anything else a `ForgeError`. */
export const send = (request: Request): Effect.Effect<Response, ForgeError> =>
  Effect.tryPromise({
    try: async (signal) => {
      const res = await fetch(request.url, {
        method: request.method,
        headers: { accept: "application/json", ...request.headers, ...(request.body === undefined ? {} : { "content-type": "application/json" }) },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal
      })
      const text = await res.text()
      let body: unknown = text
      try {
        body = text === "" ? null : JSON.parse(text)
      } catch {
        // not JSON: kept as text for the error detail
      }
      return { status: res.status, headers: res.headers, body } satisfies Response
    },
    catch: (cause) =>
      new ForgeError({ reason: "Transport", operation: request.operation, detail: cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause) })
  }).pipe(
    Effect.timeoutFail({ duration: TIMEOUT, onTimeout: () => new ForgeError({ reason: "Transport", operation: request.operation, detail: `no answer within ${Duration.format(TIMEOUT)}` }) }),
    Effect.filterOrFail((r) => r.status >= 200 && r.status < 300, (r) => errorFor(request.operation, r))
  )

/** The `rel="next"` URL of a `Link` header (Gitea and GitHub paginate this way). */
export const nextLink = (headers: Headers): string | undefined => {
  const link = headers.get("link")
  if (link === null) return undefined
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part)
    if (m) return m[1]
  }
  return undefined
}
