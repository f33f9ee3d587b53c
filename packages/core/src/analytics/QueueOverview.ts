/**
 * The queue as the dashboard and `devserver stats` see it, read in one go from the tasks and workers
 * tables (counts are aggregates, never stored counters), and a live feed of it: a new snapshot after
 * each announced change (task moves, events, settings), coalesced, at most every 100 ms.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Option, Queue as Q, Schema, Stream } from "effect"
import { StoreError } from "../domain/Errors.js"
import { type QueueStatus, RunningTask, WorkerInfo } from "../domain/QueueStatus.js"
import { TaskStatus } from "../domain/TaskStatus.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { CHANNEL } from "../store/Events.js"
import * as Notifications from "../store/Notifications.js"
import { Settings } from "../store/Settings.js"
import { QUEUE_CHANNEL } from "../store/TaskMove.js"

export interface QueueOverviewService {
  /** The queue now. */
  readonly status: () => Effect.Effect<QueueStatus, StoreError>
  /** The queue now, then again after every change; never ends; fails only with StoreError. */
  readonly watch: () => Stream.Stream<QueueStatus, StoreError>
}

export class QueueOverview extends Context.Tag("@devserver/core/analytics/QueueOverview")<QueueOverview, QueueOverviewService>() {}

const decodeRunning = Schema.decodeUnknownSync(Schema.Array(RunningTask))
const decodeWorkers = Schema.decodeUnknownSync(Schema.Array(WorkerInfo))

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const notifications = yield* Notifications.Notifications
  const settings = yield* Settings

  const status = Effect.fn("QueueOverview.status")(function*() {
    const [counts, running, workers, paused, maxConcurrency] = yield* Effect.all([
      sql<{ status: TaskStatus; n: number }>`select status, count(*)::int as n from tasks where not archived group by status`,
      sql`select key, title, status, lease_owner as worker, heartbeat_at as since from tasks
          where status in ('running', 'verifying') order by heartbeat_at nulls last, id`,
      sql`select w.id, w.started_at, (select count(*)::int from tasks t
            where t.lease_owner = w.id and t.status in ('running', 'verifying')) as running
          from workers w order by w.started_at`,
      settings.get("queuePaused"),
      settings.get("maxConcurrency")
    ], { concurrency: "unbounded" }).pipe(storeFailure("queue.status"))
    const byStatus = Object.fromEntries(TaskStatus.literals.map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0]))
    return {
      paused,
      maxConcurrency,
      counts: byStatus as Record<TaskStatus, number>,
      workers: decodeWorkers(workers),
      running: decodeRunning(running)
    } satisfies QueueStatus
  })

  const watch = () =>
    Stream.unwrapScoped(Effect.gen(function*() {
      const wake = yield* Q.sliding<void>(1)
      const listen = (channel: string) =>
        Effect.flatMap(notifications.subscribe(channel), (notified) =>
          Stream.fromQueue(notified).pipe(Stream.runForEach(() => Q.offer(wake, undefined)), Effect.forkScoped))
      yield* listen(QUEUE_CHANNEL)
      yield* listen(CHANNEL)
      let last = Option.none<string>()
      const next = Effect.gen(function*() {
        const snapshot = yield* status()
        const text = JSON.stringify(snapshot)
        if (Option.isSome(last) && last.value === text) return Option.none<QueueStatus>()
        last = Option.some(text)
        return Option.some(snapshot)
      })
      const changes = Stream.repeatEffect(
        Q.take(wake).pipe(Effect.timeout("5 seconds"), Effect.ignore, Effect.zipRight(Effect.sleep("100 millis")), Effect.zipRight(next))
      )
      return Stream.concat(Stream.fromEffect(next), changes).pipe(Stream.filterMap((o) => o))
    })).pipe(Stream.mapError((cause) => (cause instanceof StoreError ? cause : new StoreError({ operation: "queue.watch", cause }))))

  return QueueOverview.of({ status, watch })
})

export const layer = Layer.effect(QueueOverview, make).pipe(Layer.provide(Notifications.layer))
