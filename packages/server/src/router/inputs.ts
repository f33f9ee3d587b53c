/** Input Schemas shared by several routers, built from core's domain Schemas. */
import { RepoName, TaskKey } from "@devserver/core/domain/Ids"
import { Schema } from "effect"

export const standard = Schema.standardSchemaV1

export const ByKey = standard(Schema.Struct({ key: TaskKey }))
export const ById = standard(Schema.Struct({ id: Schema.Int }))
export const ByName = standard(Schema.Struct({ name: RepoName }))

/** A tracked subscription's resume point: the last event id the client saw (tRPC fills it in on reconnect). */
export const lastEventId = Schema.optional(Schema.NullOr(Schema.NumberFromString.pipe(Schema.int(), Schema.nonNegative())))
