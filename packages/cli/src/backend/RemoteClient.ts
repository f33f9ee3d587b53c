/**
 * The tRPC client of remote mode: queries and mutations over HTTP, live events over SSE, the API token
 * as a bearer header (never in a URL, a log or an error). Every call becomes an Effect whose failure
 * is a `RemoteError` saying, in one line, what went wrong and where, and whose answer is decoded with
 * the domain's Schema (the API sends dates as ISO text; they become `Date`s again).
 */
import type { AppRouter } from "@devserver/server/router/index"
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from "@trpc/client"
import { Effect, Redacted, Schema } from "effect"
import { EventSource } from "eventsource"
import { RemoteError } from "../RemoteError.js"

const REQUEST_TIMEOUT_MS = 60_000

export const makeClient = (url: string, token: Redacted.Redacted<string> | undefined) => {
  const headers = (): Record<string, string> => (token === undefined ? {} : { authorization: `Bearer ${Redacted.value(token)}` })
  type Init = { readonly headers?: ConstructorParameters<typeof Headers>[0] | undefined; readonly signal?: AbortSignal | null | undefined }
  const withHeaders = (live: boolean) => (input: string | URL | Request, init?: Init) => {
    const merged = new Headers(init?.headers)
    for (const [name, value] of Object.entries(headers())) merged.set(name, value)
    const signal = live ? init?.signal : AbortSignal.any([AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...(init?.signal ? [init.signal] : [])])
    return fetch(input, { ...(init as RequestInit), headers: merged, ...(signal ? { signal } : {}) })
  }
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: `${url}trpc`, EventSource, eventSourceOptions: () => ({ fetch: withHeaders(true) }) as never }),
        false: httpLink({ url: `${url}trpc`, fetch: withHeaders(false) })
      })
    ]
  })
}

export type Client = ReturnType<typeof makeClient>

/** Why the request never got an answer: a system error code, or fetch's own reason (e.g. `bad port`). */
const networkCode = (error: unknown): string | undefined => {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === "string") return code
    if (e.name === "TimeoutError") return "ETIMEDOUT"
    if (e.message === "fetch failed") return e.cause instanceof Error && e.cause.message !== "" ? networkCode(e.cause) ?? e.cause.message : "fetch failed"
  }
  return undefined
}

const unreachable: Record<string, string> = {
  ECONNREFUSED: "nothing listens there (connection refused)",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name does not resolve (DNS unavailable)",
  ETIMEDOUT: "no answer in time",
  ECONNRESET: "the connection was reset",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable"
}

/** One line for a failed call, by what the server (or the network) said. */
export const toRemoteError = (url: string, tokenSet: boolean) => (error: unknown): RemoteError => {
  const data = error instanceof TRPCClientError ? (error.data as { httpStatus?: number; tag?: string | null } | undefined) : undefined
  if (data?.httpStatus === 401) {
    return new RemoteError({
      reason: "Unauthorized",
      detail: tokenSet
        ? `the DevServer at ${url} refused the API token (wrong or revoked); create one there with: devserver token create NAME`
        : `the DevServer at ${url} needs an API token: set DEVSERVER_TOKEN (create one there with: devserver token create NAME)`
    })
  }
  if (data !== undefined && typeof data.tag === "string") {
    return new RemoteError({ reason: "Refused", remoteTag: data.tag, detail: (error as Error).message })
  }
  if (data?.httpStatus !== undefined) {
    return new RemoteError({ reason: "Refused", detail: `the DevServer at ${url} answered ${data.httpStatus}: ${(error as Error).message}` })
  }
  const code = networkCode(error)
  if (code !== undefined) {
    return new RemoteError({ reason: "Unreachable", detail: `cannot reach a DevServer at ${url}: ${unreachable[code] ?? code}` })
  }
  return new RemoteError({ reason: "BadAnswer", detail: `${url} does not answer like a DevServer API (is the address right, and the server the same version?)` })
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

/** Dates travel as ISO text: turn the date-valued fields (`…At`, `at`, `from`, `to`) back into Dates. */
export const revive = (value: unknown, key = ""): unknown => {
  if (typeof value === "string") return ISO_DATE.test(value) && /(^at|At|^from|^to)$/.test(key) ? new Date(value) : value
  if (Array.isArray(value)) return value.map((v) => revive(v))
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v, k)]))
  return value
}

/** Calls the API and decodes the answer with `schema` (a mismatch is a BadAnswer: another version?). */
export const call = <A, I>(url: string, tokenSet: boolean, schema: Schema.Schema<A, I>, request: () => Promise<unknown>) =>
  Effect.tryPromise({ try: request, catch: toRemoteError(url, tokenSet) }).pipe(
    Effect.flatMap((answer) => Schema.decodeUnknown(schema)(revive(answer))),
    Effect.catchTag("ParseError", (error) =>
      Effect.fail(new RemoteError({ reason: "BadAnswer", detail: `the DevServer at ${url} sent an answer this CLI cannot read (another version?): ${error.message.split("\n")[0]}` })))
  )
