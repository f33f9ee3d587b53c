/**
 * The live event feed as an Effect `Stream` that resumes from the last id a subscriber
 * saw, loses nothing and repeats nothing.
 *
 * Event ids come from a sequence, so a transaction holding id 10 can commit after one holding id 11; a
 * reader that only remembered "after 11" would skip 10 for ever. The stream therefore reads in
 * `(tx_id, id)` order and only rows of transactions older than every transaction still in flight
 * (`tx_id < pg_snapshot_xmin(pg_current_snapshot())`): no row can appear later behind that point. Rows are
 * read from the table (NOTIFY carries ids only), so payloads of any size arrive whole. A NOTIFY on
 * `devserver_events` wakes the reader; a slow poll covers a lost LISTEN connection.
 */
import { SqlClient } from "@effect/sql"
import { Context, Duration, Effect, Layer, Queue as Q, Schema, Stream } from "effect"
import { StoreError } from "../domain/Errors.js"
import { PipelineEvent } from "../domain/PipelineEvent.js"
import { CHANNEL } from "../store/Events.js"
import * as Notifications from "../store/Notifications.js"

export interface SubscribeOptions {
  /** Resume after this event id (exclusive); 0 or absent = from the first event. */
  readonly afterId?: number | undefined
  /** Only this task's events. */
  readonly taskId?: number | undefined
  /** Rows per read (default 500). */
  readonly batchSize?: number | undefined
  /** Safety-net poll without NOTIFY (default 2 s). */
  readonly pollInterval?: Duration.DurationInput | undefined
}

export interface EventStreamService {
  /**
   * Every event after `afterId`, then live events as they commit, in commit order (ids can arrive out
   * of numeric order, never twice, never skipped). Never ends; fails only with StoreError.
   */
  readonly subscribe: (options?: SubscribeOptions) => Stream.Stream<PipelineEvent, StoreError>
}

export class EventStream extends Context.Tag("@devserver/core/queue/EventStream")<EventStream, EventStreamService>() {}

interface Cursor {
  readonly tx: string
  readonly id: number
}

const decodeEvent = Schema.decodeUnknownSync(PipelineEvent)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const notifications = yield* Notifications.Notifications

  const startCursor = (afterId: number) =>
    afterId <= 0
      ? Effect.succeed<Cursor>({ tx: "0", id: 0 })
      : sql<{ tx: string }>`select tx_id::text as tx from events where id <= ${afterId} order by id = ${afterId} desc, id desc limit 1`.pipe(
        Effect.map(([row]) => ({ tx: row?.tx ?? "0", id: afterId }))
      )

  const taskFilter = (taskId: number | undefined) => (taskId === undefined ? sql`` : sql`and task_id = ${taskId}`)

  const read = (cursor: Cursor, options: SubscribeOptions) =>
    sql<{ tx: string; id: number }>`
      select id, task_id, run_id, created_at as at, payload, tx_id::text as tx from events
      where (tx_id, id) > (${cursor.tx}::xid8, ${cursor.id}) ${taskFilter(options.taskId)}
        and tx_id < pg_snapshot_xmin(pg_current_snapshot())
      order by tx_id, id limit ${options.batchSize ?? 500}`

  // Rows past the cursor that are still held back by an older transaction in flight.
  const heldBack = (cursor: Cursor, options: SubscribeOptions) =>
    sql`select 1 from events where (tx_id, id) > (${cursor.tx}::xid8, ${cursor.id}) ${taskFilter(options.taskId)} limit 1`.pipe(
      Effect.map((rows) => rows.length > 0)
    )

  const subscribe = (options: SubscribeOptions = {}) =>
    Stream.unwrapScoped(Effect.gen(function*() {
      const wake = yield* Q.sliding<void>(1)
      // LISTEN before the first read: anything committed after that read is announced.
      const notified = yield* notifications.subscribe(CHANNEL)
      yield* Stream.fromQueue(notified).pipe(Stream.runForEach(() => Q.offer(wake, undefined)), Effect.forkScoped)
      let cursor = yield* startCursor(options.afterId ?? 0)
      const poll = Duration.decode(options.pollInterval ?? "2 seconds")
      const pull = Effect.gen(function*() {
        const rows = yield* read(cursor, options)
        const last = rows.at(-1)
        if (last !== undefined) {
          cursor = { tx: last.tx, id: last.id }
          return rows.map(({ tx: _tx, ...row }) => decodeEvent(row))
        }
        if (yield* heldBack(cursor, options)) yield* Effect.sleep("10 millis")
        else yield* Effect.timeoutOption(Q.take(wake), poll)
        return []
      })
      return Stream.repeatEffect(pull).pipe(Stream.flattenIterables)
    })).pipe(Stream.mapError((cause) => new StoreError({ operation: "events.subscribe", cause })))

  return EventStream.of({ subscribe })
})

export const layer = Layer.effect(EventStream, make).pipe(Layer.provide(Notifications.layer))
