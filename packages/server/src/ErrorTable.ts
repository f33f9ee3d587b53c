/**
 * The one table from core errors to tRPC codes. A failure's tag and message reach the client (they
 * are written for users); defects and unknown failures become a bare INTERNAL_SERVER_ERROR.
 */
import { TRPCError } from "@trpc/server"
import { Cause, Option } from "effect"

type Code = TRPCError["code"]

const codes: Record<string, Code> = {
  InvalidInput: "BAD_REQUEST",
  NotFound: "NOT_FOUND",
  AlreadyExists: "CONFLICT",
  IllegalTransition: "CONFLICT",
  ActionRefused: "CONFLICT",
  NoPlanAwaiting: "CONFLICT",
  // The system LLM failed or is not configured: its message says which (never a key).
  LlmError: "BAD_GATEWAY",
  Unauthorized: "UNAUTHORIZED",
  ParseError: "BAD_REQUEST"
}

/** The tag of a core failure, carried to the client in `error.data.tag`. */
export class TaggedCause extends Error {
  constructor(readonly tag: string, message: string) {
    super(message)
  }
}

export const toTRPCError = (cause: Cause.Cause<unknown>): TRPCError => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) {
    const error = failure.value as { _tag?: unknown; message?: unknown }
    const tag = typeof error._tag === "string" ? error._tag : "Unknown"
    const code = codes[tag] ?? "INTERNAL_SERVER_ERROR"
    const message = typeof error.message === "string" && code !== "INTERNAL_SERVER_ERROR" ? error.message : "internal error"
    return new TRPCError({ code, message, cause: new TaggedCause(tag, message) })
  }
  if (Cause.isInterruptedOnly(cause)) return new TRPCError({ code: "CLIENT_CLOSED_REQUEST", message: "interrupted" })
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "internal error" })
}
