/**
 * Taking work back from workers that are gone, for `Queue.recover`, `Queue.cancel` and
 * `Queue.blockOrphans`.
 *
 * - A registered worker holds a presence lock (`pg_advisory_lock(PRESENCE, hashtext(id))`) on a
 *   connection of its own; when its process dies the lock goes with the connection, and its tasks
 *   return to the queue at once, labelled `worker died`. Tasks whose lease ran out under a live (or
 *   unregistered) worker return labelled `lease expired`.
 * - Runs left open by a worker that no longer holds their task and whose process is gone are closed
 *   `lost` (`Runs.closeLost`): recovered tasks, tasks cancelled while their worker was dead, and rows
 *   left over from before. A live worker closes its own runs.
 * - A queued task whose dependency was cancelled or failed would wait forever: it moves to `blocked`
 *   with the reason `dependency KEY cancelled` (or `failed`), so the user sees why and decides
 *   (run the dependency again, then enqueue the task; or cancel it).
 */
import type { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import { Effect } from "effect"
import type { EventsService } from "../store/Events.js"
import { closeLost } from "../store/Runs.js"
import { active, type makeMove } from "../store/TaskMove.js"
import type { DependencyBlocked, Recovered, RecoveryCause } from "./Queue.js"

/** Key space of the workers' presence locks. */
export const PRESENCE = 1146290178

/** Whether the worker named by `workerId` (a SQL text expression) holds its presence lock. */
export const presenceHeld = (sql: SqlClient.SqlClient, workerId: Fragment) =>
  sql`exists (select 1 from pg_locks l
    where l.locktype = 'advisory' and l.granted and l.classid = ${PRESENCE}::oid and l.objid = hashtext(${workerId})::oid
      and l.objsubid = 2 and l.database = (select oid from pg_database where datname = current_database()))`

/** Open runs whose worker no longer holds the task and is not alive (the condition on `runs r`). */
const abandoned = (sql: SqlClient.SqlClient) =>
  sql`r.worker_id is not null
    and not exists (select 1 from tasks t where t.id = r.task_id and t.lease_owner = r.worker_id and t.status in ${sql.in(active)})
    and not ${presenceHeld(sql, sql`r.worker_id`)}`

export const make = (sql: SqlClient.SqlClient, events: EventsService, move: ReturnType<typeof makeMove>) => {
  const takeBack = (cause: RecoveryCause, where: Fragment) =>
    move({ to: "queued", from: active, where, reason: cause, keepPlace: true, skipLocked: true }).pipe(
      Effect.flatMap((moved) =>
        Effect.forEach(moved, ({ previousOwner, task }) => {
          const fromWorker = previousOwner ?? "unknown"
          return Effect.as(events.append({ type: "task_recovered", fromWorker }, { taskId: task.id }), { taskKey: task.key, fromWorker, cause })
        })
      )
    )

  /** Closes the runs that workers which are gone left open. */
  const closeAbandonedRuns = closeLost(sql, abandoned(sql), "the worker died or lost the task with this run open")

  const recover = sql.withTransaction(Effect.gen(function*() {
    const died = yield* takeBack("worker died", sql`lease_owner in (select w.id from workers w where not ${presenceHeld(sql, sql`w.id`)})`)
    const expired = yield* takeBack("lease expired", sql`lease_expires_at < now()`)
    yield* closeAbandonedRuns
    // Dead workers whose tasks are all back in the queue are forgotten.
    yield* sql`delete from workers w where not ${presenceHeld(sql, sql`w.id`)}
      and not exists (select 1 from tasks t where t.lease_owner = w.id and t.status in ${sql.in(active)})`
    return [...died, ...expired] satisfies ReadonlyArray<Recovered>
  }))

  const blockOrphans = Effect.gen(function*() {
    const waiting = yield* sql<{ id: number; dependency: string; dependencyStatus: string }>`
      select distinct on (t.id) t.id, d.key as dependency, d.status as dependency_status
      from task_dependencies td
        join tasks t on t.id = td.task_id and t.status = 'queued'
        join tasks d on d.id = td.depends_on_id and d.status in ('cancelled', 'failed')
      order by t.id, d.key`
    const blocked: Array<DependencyBlocked> = []
    for (const row of waiting) {
      const reason = `dependency ${row.dependency} ${row.dependencyStatus}`
      const moved = yield* move({ to: "blocked", from: ["queued"], where: sql`id = ${row.id}`, reason, skipLocked: true })
      blocked.push(...moved.map(({ task }) => ({ taskKey: task.key, reason })))
    }
    return blocked
  })

  return { recover, blockOrphans, closeAbandonedRuns }
}
