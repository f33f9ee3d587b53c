import { Schema } from "effect"

/** The database could not be started or reached. `reason` says which stage failed. */
export class DatabaseError extends Schema.TaggedError<DatabaseError>()("DatabaseError", {
  reason: Schema.Literal("DataDirUnreachable", "InitFailed", "StartFailed", "StopFailed", "ConnectFailed", "MigrationFailed"),
  detail: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    return `database ${this.reason}: ${this.detail}`
  }
}
