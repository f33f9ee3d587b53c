/**
 * The CLI's one error table: every failure becomes one line on stderr and an exit code.
 * 2 = bad input, 3 = not found, 4 = conflict, 5 = database, 1 = anything else.
 */
import { ValidationError } from "@effect/cli"
import { Cause, Console, Effect } from "effect"

const codes: Record<string, number> = {
  InvalidInput: 2,
  IllegalTransition: 4,
  NotFound: 3,
  AlreadyExists: 4,
  StoreError: 5,
  DatabaseError: 5,
  SecretError: 5,
  SqlError: 5
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim()

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
    return Console.error(`error: ${oneLine(Cause.pretty(cause).split("\n")[0] ?? "unexpected failure")}`).pipe(Effect.as(1))
  }
  const error = failure.value
  // @effect/cli has already printed its own message for a malformed command line.
  if (ValidationError.isValidationError(error)) return Effect.succeed(2)
  const tag = (error as { _tag?: string })._tag ?? ""
  const message = error instanceof Error ? error.message : String(error)
  return Console.error(`error: ${oneLine(message)}`).pipe(Effect.as(codes[tag] ?? 1))
}
