/** Login and API tokens as the shells see them; secrets never appear here after creation. */
import { Schema } from "effect"

/** A request without a valid session or token, or a wrong password. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  reason: Schema.Literal("WrongPassword", "NoCredentials", "NotConfigured")
}) {
  override get message() {
    switch (this.reason) {
      case "WrongPassword":
        return "wrong password"
      case "NotConfigured":
        return "no password is set: run `devserver auth set-password` or set DEVSERVER_PASSWORD"
      default:
        return "log in or send an API token"
    }
  }
}

/** The text of a new password (messages never repeat the value). */
export const Password = Schema.String.pipe(
  Schema.minLength(8, { message: () => "a password has at least 8 characters" }),
  Schema.maxLength(1024, { message: () => "a password has at most 1024 characters" })
)

export const TokenName = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { message: () => "a token name is 1–64 letters, digits, '.', '-' or '_'" })
)

/** A stored API token, without its secret. */
export const ApiTokenInfo = Schema.Struct({
  id: Schema.Number,
  name: Schema.String,
  /** The first characters of the token, to tell tokens apart. */
  prefix: Schema.String,
  createdAt: Schema.DateFromSelf,
  lastUsedAt: Schema.NullOr(Schema.DateFromSelf)
})
export type ApiTokenInfo = typeof ApiTokenInfo.Type
