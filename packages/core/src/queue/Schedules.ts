/**
 * Stored schedules and their firing. A fire either enqueues an existing task — skipped
 * while that task is queued or running, so a schedule never doubles a run — or creates a task from a
 * template and enqueues it; each fire writes `schedule_fired` in the same transaction. After a fire
 * the next one is computed from *now*, so fires missed while everything was down collapse into one
 * catch-up run. Due schedules are locked with SKIP LOCKED: with several workers, each fire happens once.
 */
import { SqlClient } from "@effect/sql"
import { Clock, Context, Effect, Either, Layer, Schema } from "effect"
import { AlreadyExists, type InvalidInput, NotFound, type StoreError } from "../domain/Errors.js"
import { Schedule, ScheduleInput, ScheduleTarget } from "../domain/Schedule.js"
import { TaskSettings } from "../domain/Task.js"
import { canTransition, type TaskStatus } from "../domain/TaskStatus.js"
import { decodeInput } from "../internal/decodeInput.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Events } from "../store/Events.js"
import { Tasks } from "../store/Tasks.js"
import { Templates } from "../store/Templates.js"
import { Queue } from "./Queue.js"
import { nextFire, parse } from "./ScheduleExpression.js"

/** What one due schedule did. */
export interface Fired {
  readonly scheduleId: number
  /** The task enqueued or created; null when skipped. */
  readonly taskKey: string | null
  /** Why nothing was enqueued (the task is already queued or running, or cannot be re-enqueued). */
  readonly skipped: string | null
  /** The fire was missed while down and runs late, once. */
  readonly catchUp: boolean
}

export interface SchedulesService {
  /** Validates the expression and time zone, stores the schedule and its first fire time. */
  readonly add: (input: typeof ScheduleInput.Encoded) => Effect.Effect<Schedule, InvalidInput | AlreadyExists | StoreError>
  readonly list: () => Effect.Effect<ReadonlyArray<Schedule>, StoreError>
  readonly remove: (id: number) => Effect.Effect<void, NotFound | StoreError>
  /** Fires every enabled schedule due at the current time (Clock); returns what each did. */
  readonly fireDue: () => Effect.Effect<ReadonlyArray<Fired>, StoreError>
  /** The earliest next fire of an enabled schedule, if any. */
  readonly nextDue: () => Effect.Effect<Date | null, StoreError>
}

export class Schedules extends Context.Tag("@devserver/core/queue/Schedules")<Schedules, SchedulesService>() {}

/** A fire later than this after its time counts as a catch-up. */
const CATCH_UP_AFTER_MS = 60_000
const decodeSchedule = Schema.decodeUnknownSync(Schedule)
const busy: ReadonlyArray<TaskStatus> = ["queued", "running", "verifying"]

interface Row {
  readonly id: number
  readonly expression: string
  readonly timezone: string
  readonly target: unknown
  readonly nextFireAt: Date
  readonly createdAt: Date
}

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const events = yield* Events
  const tasks = yield* Tasks
  const templates = yield* Templates
  const queue = yield* Queue
  const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms))

  /** Enqueues or creates the target's task; the key, or why it was skipped. */
  const fireTarget = (target: ScheduleTarget) =>
    Effect.gen(function*() {
      if (target._tag === "EnqueueTask") {
        const task = yield* tasks.get(target.taskKey)
        if (busy.includes(task.status)) return { taskKey: task.key, skipped: `${task.key} is ${task.status}` }
        if (!canTransition(task.status, "queued")) return { taskKey: task.key, skipped: `${task.key} is ${task.status}` }
        return { taskKey: (yield* queue.enqueue(task.key)).key, skipped: null }
      }
      const template = yield* templates.get(target.templateId)
      const created = yield* tasks.create({
        ...Schema.encodeSync(TaskSettings)(template.settings),
        title: template.title || template.name,
        description: template.description,
        acceptance: template.acceptance,
        repo: template.repo,
        templateId: template.id
      })
      const task = created.status === "queued" ? created : yield* queue.enqueue(created.key)
      return { taskKey: task.key, skipped: null }
    })

  const fireOne = (row: Row, at: Date) =>
    Effect.gen(function*() {
      const catchUp = at.getTime() - row.nextFireAt.getTime() > CATCH_UP_AFTER_MS
      const target = Schema.decodeUnknownSync(ScheduleTarget)(row.target)
      const result = yield* Effect.either(sql.withTransaction(fireTarget(target)))
      const outcome = Either.isRight(result) ? result.right : { taskKey: null, skipped: result.left.message }
      if (outcome.skipped === null) {
        const taskId = (yield* tasks.get(outcome.taskKey!)).id
        yield* events.append({ type: "schedule_fired", scheduleId: row.id, catchUp }, { taskId })
      } else yield* Effect.logInfo(`schedule ${row.id} skipped: ${outcome.skipped}`)
      const spec = Either.getOrThrow(parse(row.expression, row.timezone))
      yield* sql`update schedules set last_fired_at = ${at}, next_fire_at = ${nextFire(spec, at, row.createdAt)} where id = ${row.id}`
      return { scheduleId: row.id, taskKey: outcome.taskKey, skipped: outcome.skipped, catchUp } satisfies Fired
    })

  const fireDue = Effect.fn("Schedules.fireDue")(function*() {
    const at = yield* now
    return yield* sql.withTransaction(Effect.gen(function*() {
      const due = yield* sql<Row>`
        select id, expression, timezone, target, next_fire_at, created_at from schedules
        where enabled and next_fire_at <= ${at} order by next_fire_at for update skip locked`
      return yield* Effect.forEach(due, (row) => fireOne(row, at))
    }))
  }, Effect.catchTag("NotFound", Effect.die), storeFailure("schedules.fireDue"))

  const add = Effect.fn("Schedules.add")(function*(raw: typeof ScheduleInput.Encoded) {
    const input = yield* decodeInput(ScheduleInput)(raw)
    const spec = yield* parse(input.expression, input.timezone)
    const at = yield* now
    const [row] = yield* sql`insert into schedules ${sql.insert({
      name: input.name,
      expression: input.expression,
      timezone: input.timezone,
      target: JSON.stringify(input.target),
      enabled: input.enabled,
      createdAt: at,
      nextFireAt: nextFire(spec, at, at)
    })} returning *`.pipe(storeFailure("schedules.add", () => new AlreadyExists({ entity: "schedule", id: input.name })))
    return decodeSchedule(row)
  })

  return Schedules.of({
    add,
    fireDue,
    list: () => sql`select * from schedules order by name`.pipe(Effect.map((rows) => rows.map((r) => decodeSchedule(r))), storeFailure("schedules.list")),
    remove: (id) =>
      sql`delete from schedules where id = ${id} returning id`.pipe(
        storeFailure("schedules.remove"),
        Effect.flatMap((rows) => (rows.length > 0 ? Effect.void : Effect.fail(new NotFound({ entity: "schedule", id: String(id) }))))
      ),
    nextDue: () =>
      sql<{ at: Date | null }>`select min(next_fire_at) as at from schedules where enabled`.pipe(
        Effect.map(([row]) => row?.at ?? null),
        storeFailure("schedules.nextDue")
      )
  })
})

export const layer = Layer.effect(Schedules, make)
