import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import { StoreError } from "../domain/Errors.js"

/** The PostgreSQL SQLSTATE of a failed statement, if any (23505 = unique violation). */
export const sqlState = (error: SqlError): string | undefined => {
  const cause = error.cause as { code?: unknown } | undefined
  return typeof cause?.code === "string" ? cause.code : undefined
}

const isSqlError = (e: unknown): e is SqlError => (e as { _tag?: unknown } | null)?._tag === "SqlError"

/**
 * Translates the SqlErrors of `operation` into the domain's `StoreError`, once, at the store edge;
 * `onUnique` turns a unique violation into a domain error instead.
 */
export const storeFailure = <U = never>(operation: string, onUnique?: () => U) =>
<A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, Exclude<E, SqlError> | StoreError | U, R> =>
  Effect.catchIf(self, isSqlError, (cause) =>
    Effect.fail(onUnique && sqlState(cause) === "23505" ? onUnique() : new StoreError({ operation, cause }))) as never
