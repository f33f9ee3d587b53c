/**
 * The one tRPC instance: its context (the process's runtime and who is asking), the Effect→Promise
 * bridge every procedure goes through, and the procedure builders.
 */
import { initTRPC, StandardSchemaV1Error, TRPCError } from "@trpc/server"
import { Effect, Exit, Runtime, Stream } from "effect"
import { TaggedCause, toTRPCError } from "./ErrorTable.js"
import type { ServerServices } from "./Services.js"

/** Who made a request. */
export type Principal =
  | { readonly kind: "loopback" }
  | { readonly kind: "session"; readonly sessionId: number }
  | { readonly kind: "token"; readonly tokenId: number }

export interface Context {
  readonly runtime: Runtime.Runtime<ServerServices>
  /** The server is reachable beyond this machine, so every call but login needs a session or token. */
  readonly loginRequired: boolean
  /** null when login is required and the request carries no valid session or token. */
  readonly principal: Principal | null
  /** The session cookie as sent, if any (logout revokes it). */
  readonly sessionToken: string | null
  /** Adds a `Set-Cookie` header to the response. */
  readonly setCookie: (cookie: string) => void
}

/** Runs an Effect on the context's runtime; a failure becomes a TRPCError by the one error table. */
export const run = <A, E>(ctx: Context, effect: Effect.Effect<A, E, ServerServices>): Promise<A> =>
  Runtime.runPromiseExit(ctx.runtime)(effect).then((exit) => (Exit.isSuccess(exit) ? exit.value : Promise.reject(toTRPCError(exit.cause))))

/** A Stream as an async iterable on the context's runtime; closing the iterable interrupts the stream. */
export const iterate = <A, E>(ctx: Context, stream: Stream.Stream<A, E, ServerServices>): AsyncIterable<A> =>
  Stream.toAsyncIterableRuntime(stream.pipe(Stream.catchAllCause((cause) => Stream.die(toTRPCError(cause)))), ctx.runtime)

const issuePath = (issue: StandardSchemaV1Error["issues"][number]) =>
  (issue.path ?? []).map((p) => (typeof p === "object" ? String(p.key) : String(p))).join(".")

/**
 * Readable text for a refused input: `field: problem` of the first issue. A union reports one issue
 * per member at the same field; those read as one `Expected A | B, actual C`.
 */
const describeIssues = (error: StandardSchemaV1Error) => {
  const [first] = error.issues
  if (first === undefined) return "invalid input"
  const path = issuePath(first)
  const expected = error.issues
    .filter((issue) => issuePath(issue) === path)
    .map((issue) => /^Expected (.+), actual (.+)$/s.exec(issue.message))
  const message = expected.length > 1 && expected.every((m) => m !== null)
    ? `Expected ${expected.map((m) => m![1]).join(" | ")}, actual ${expected[0]![2]}`
    : first.message
  // The actual value is echoed: a long one (a pasted text over the limit) is cut, not sent back whole.
  const text = path === "" ? message : `${path}: ${message}`
  return text.length > 300 ? `${text.slice(0, 299)}…` : text
}

const t = initTRPC.context<Context>().create({
  sse: {
    // A ping every 10 s keeps proxies from closing a quiet stream; a client that hears nothing for
    // 25 s reconnects (resuming after its last event). A stream ends after an hour and the client
    // reconnects, so a revoked session or token cannot keep one open.
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
    maxDurationMs: 60 * 60 * 1000
  },
  errorFormatter: ({ shape, error }) => {
    const invalid = error.cause instanceof StandardSchemaV1Error
    return {
      ...shape,
      message: invalid ? describeIssues(error.cause as StandardSchemaV1Error) : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        tag: invalid ? "InvalidInput" : error.cause instanceof TaggedCause ? error.cause.tag : null
      }
    }
  }
})

export const router = t.router

/** Open to anyone who can reach the server (login itself). */
export const publicProcedure = t.procedure

/** Everything else: refused with UNAUTHORIZED when login is required and missing. */
export const procedure = t.procedure.use(({ ctx, next }) => {
  if (ctx.principal === null) throw new TRPCError({ code: "UNAUTHORIZED", message: "log in or send an API token" })
  return next({ ctx: { ...ctx, principal: ctx.principal } })
})

