/**
 * The CLI's one error table: every failure becomes one line on stderr and an exit code.
 * 0 success · 1 anything else (a task ended failed, a doctor check failed) · 2 bad input or usage ·
 * 3 not found · 4 conflict (the task's status does not allow it, a name is taken) · 5 database
 * unreachable or failing · 6 bad configuration (environment variables, secret key) · 7 remote DevServer
 * unreachable or not answering like one · 8 remote DevServer refused the API token · 130 interrupted.
 * A remote server's refusal (not found, conflict, bad input) exits with the code the same failure has locally.
 */
import { ValidationError } from "@effect/cli"
import { Cause, Console, Data, Effect } from "effect"

export const USAGE = 2

/** Ends the command with `code` and nothing printed (the command has said what happened). */
export class ExitWith extends Data.TaggedError("ExitWith")<{ readonly code: number }> {}

const codes: Record<string, number> = {
  InvalidInput: 2,
  IllegalTransition: 4,
  ActionRefused: 4,
  NotFound: 3,
  AlreadyExists: 4,
  StoreError: 5,
  DatabaseError: 5,
  SqlError: 5,
  SecretError: 6,
  BadEnvironment: 6,
  BackupError: 2,
  NoPlanAwaiting: 4,
  LlmError: 1
}

/** Errors whose exit code depends on their reason. */
const byReason: Record<string, Record<string, number>> = {
  BackupError: { NotEmpty: 4, Incompatible: 4, Io: 1 },
  LlmError: { NotConfigured: 6, Auth: 6 },
  RemoteError: { BadUrl: 2, NotRemote: 2, Unreachable: 7, BadAnswer: 7, Unauthorized: 8 }
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim()

/** What a user should read for an error whose own message is written for developers. */
const friendly = (error: { readonly _tag?: string; readonly reason?: string }, message: string): string => {
  if (error._tag === "SecretError" && error.reason === "BadKey") {
    return "DEVSERVER_SECRET_KEY must be 32 random bytes, base64-encoded (e.g. the output of: openssl rand -base64 32)"
  }
  if (error._tag === "SecretError") return "a stored secret cannot be decrypted with this key (DEVSERVER_SECRET_KEY or <data folder>/secret.key changed?)"
  return message
}

/** @effect/cli prints usage errors as multi-line docs: collapse each to one `error: …` line. */
export const oneLineErrors = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.consoleWith((console) =>
    Effect.withConsole(self, {
      ...console,
      error: (...args: ReadonlyArray<unknown>) => console.error(`error: ${oneLine(args.map(String).join(" "))}`)
    })
  )

/** Prints the failure of `cause` as `error: …` and returns its exit code. */
export const report = (cause: Cause.Cause<unknown>): Effect.Effect<number> => {
  const failure = Cause.failureOption(cause)
  if (failure._tag === "None") {
    if (Cause.isInterruptedOnly(cause)) return Effect.succeed(130)
    return Console.error(`error: ${oneLine(Cause.pretty(cause).split("\n")[0] ?? "unexpected failure")}`).pipe(Effect.as(1))
  }
  const error = failure.value as { readonly _tag?: string; readonly reason?: string; readonly remoteTag?: string }
  if (error instanceof ExitWith) return Effect.succeed(error.code)
  // @effect/cli has already printed its own message for a malformed command line.
  if (ValidationError.isValidationError(error)) return Effect.succeed(USAGE)
  const tag = (error._tag === "RemoteError" ? error.remoteTag : undefined) ?? error._tag ?? ""
  const message = error instanceof Error ? error.message : String(error)
  const code = byReason[tag]?.[error.reason ?? ""] ?? codes[tag] ?? 1
  return Console.error(`error: ${oneLine(friendly(error, message))}`).pipe(Effect.as(code))
}
