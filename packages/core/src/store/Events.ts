/**
 * The event log. `append` writes the row in the caller's transaction (so an event
 * exists exactly when the change it describes does) and announces its id with NOTIFY on
 * `devserver_events`; the payload itself never travels in the NOTIFY (8,000-byte limit).
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import type { StoreError } from "../domain/Errors.js"
import { EventPayload, PipelineEvent } from "../domain/PipelineEvent.js"
import { storeFailure } from "../internal/sqlFailure.js"

export const CHANNEL = "devserver_events"

export interface EventRef {
  readonly taskId?: number | null | undefined
  readonly runId?: number | null | undefined
}

export interface EventQuery {
  /** Only events after this id (exclusive): resume point of a subscriber. */
  readonly afterId?: number | undefined
  readonly taskId?: number | undefined
  readonly limit?: number | undefined
}

export interface EventsService {
  /** Stores an event (inside the current transaction, if any) and notifies listeners; returns its id. */
  readonly append: (payload: EventPayload, ref?: EventRef) => Effect.Effect<number, StoreError>
  /** Events in id order. */
  readonly list: (query?: EventQuery) => Effect.Effect<ReadonlyArray<PipelineEvent>, StoreError>
}

export class Events extends Context.Tag("@devserver/core/store/Events")<Events, EventsService>() {}

const encodePayload = Schema.encodeSync(EventPayload)
const decodeEvent = Schema.decodeUnknownSync(PipelineEvent)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  return Events.of({
    append: (payload, ref = {}) =>
      Effect.gen(function*() {
        const [row] = yield* sql<{ id: number }>`
          insert into events (task_id, run_id, type, payload)
          values (${ref.taskId ?? null}, ${ref.runId ?? null}, ${payload.type}, ${JSON.stringify(encodePayload(payload))})
          returning id`
        yield* sql`select pg_notify(${CHANNEL}, ${String(row!.id)})`
        return row!.id
      }).pipe(storeFailure("events.append")),
    list: (query = {}) =>
      sql`
        select id, task_id, run_id, created_at as at, payload from events
        where id > ${query.afterId ?? 0}
        ${query.taskId === undefined ? sql`` : sql`and task_id = ${query.taskId}`}
        order by id limit ${query.limit ?? 1000}`.pipe(
        Effect.map((rows) => rows.map((row) => decodeEvent(row))),
        storeFailure("events.list")
      )
  })
})

export const layer = Layer.effect(Events, make)
