/** Input Schemas shared by several routers, built from core's domain Schemas. */
import { RepoName, TaskKey } from "@devserver/core/domain/Ids"
import { Schema } from "effect"

/** A core Schema as a tRPC input: the first problem reported, and an unknown (mistyped) field refused. */
export const standard = <A, I>(schema: Schema.Schema<A, I>) => Schema.standardSchemaV1(schema, { errors: "first", onExcessProperty: "error" })

export const ByKey = standard(Schema.Struct({ key: TaskKey }))
export const ById = standard(Schema.Struct({ id: Schema.Int }))
export const ByName = standard(Schema.Struct({ name: RepoName }))

/** A tracked subscription's resume point: the last event id the client saw (tRPC fills it in on reconnect). */
export const lastEventId = Schema.optional(Schema.NullOr(Schema.NumberFromString.pipe(Schema.int(), Schema.nonNegative())))
