/**
 * Errors of the domain and the store that cross boundaries (tRPC, CLI, events).
 * Each carries identifying data and a human `message`; the edges map them in one table.
 */
import { Schema } from "effect"

/** An entity looked up by its key or name does not exist. */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  entity: Schema.Literal("repo", "task", "run", "template", "idea", "schedule", "setting", "token", "decision"),
  id: Schema.String
}) {
  override get message() {
    return `${this.entity} not found: ${this.id}`
  }
}

/** Input from a user, an agent or a forge was refused; nothing was written. */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  field: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `invalid ${this.field}: ${this.reason}`
  }
}

/** A unique name or key is already taken. */
export class AlreadyExists extends Schema.TaggedError<AlreadyExists>()("AlreadyExists", {
  entity: Schema.Literal("repo", "task", "template", "schedule"),
  id: Schema.String
}) {
  override get message() {
    return `${this.entity} already exists: ${this.id}`
  }
}

/** The store could not be reached or a statement failed unexpectedly. */
export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  operation: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    const detail = this.cause instanceof Error ? `: ${this.cause.message}` : ""
    return `database error during ${this.operation}${detail}`
  }
}
