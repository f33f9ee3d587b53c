import { Effect, ParseResult, Schema } from "effect"
import { InvalidInput } from "../domain/Errors.js"

/** Decodes untrusted input; the first problem becomes an `InvalidInput` naming the field. */
export const decodeInput = <A, I>(schema: Schema.Schema<A, I>, fallbackField = "input") => (input: unknown) =>
  Schema.decodeUnknown(schema, { errors: "first", onExcessProperty: "error" })(input).pipe(
    Effect.mapError((error) => {
      const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
      const field = issue && issue.path.length > 0 ? issue.path.join(".") : fallbackField
      return new InvalidInput({ field, reason: issue?.message ?? "invalid" })
    })
  )
