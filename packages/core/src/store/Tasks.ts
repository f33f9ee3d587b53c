/**
 * Stored tasks. Creation validates the input (key rules, repo and dependencies exist) and generates a
 * key when none is given. Every status change goes through `TaskMove` (the one status write path, shared
 * with the queue): one statement that moves the row only if the status machine allows it and writes
 * its `status_changed` event; a refused move changes nothing and fails with `IllegalTransition`.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import { AlreadyExists, InvalidInput, NotFound, type StoreError } from "../domain/Errors.js"
import { keyPrefix } from "../domain/Ids.js"
import { Task, TaskInput, type TaskInputEncoded } from "../domain/Task.js"
import type { IllegalTransition, TaskStatus } from "../domain/TaskStatus.js"
import { decodeInput } from "../internal/decodeInput.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { CHANNEL, Events } from "./Events.js"
import { Settings } from "./Settings.js"
import { makeMoveByKey, QUEUE_CHANNEL } from "./TaskMove.js"

export interface TaskFilter {
  readonly status?: TaskStatus | undefined
  readonly repo?: string | undefined
  readonly includeArchived?: boolean | undefined
  readonly limit?: number | undefined
  readonly offset?: number | undefined
}

export interface TransitionOptions {
  /** Shown with the change (and stored as the blocked reason when moving to `blocked`). */
  readonly reason?: string | undefined
}

export interface TasksService {
  /** Validates and stores a new task (`pending`, or `queued` with auto-enqueue). */
  readonly create: (input: TaskInputEncoded) => Effect.Effect<Task, InvalidInput | AlreadyExists | NotFound | StoreError>
  /** One task by key, or NotFound. */
  readonly get: (key: string) => Effect.Effect<Task, NotFound | StoreError>
  /** Tasks, newest first. */
  readonly list: (filter?: TaskFilter) => Effect.Effect<ReadonlyArray<Task>, StoreError>
  /**
   * Changes a status (through `TaskMove`, the one status write path); refuses illegal moves with
   * IllegalTransition and changes nothing. A move to `queued` puts the task at the end of its priority;
   * a move out of running/verifying frees its lease and wakes workers.
   */
  readonly transition: (key: string, to: TaskStatus, options?: TransitionOptions) => Effect.Effect<Task, NotFound | IllegalTransition | StoreError>
}

export class Tasks extends Context.Tag("@devserver/core/store/Tasks")<Tasks, TasksService>() {}

const decodeTask = Schema.decodeUnknownSync(Task)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const events = yield* Events
  const settings = yield* Settings

  const select = sql`
    select t.*, r.name as repo,
      coalesce((select array_agg(d.key order by d.key) from task_dependencies td
                join tasks d on d.id = td.depends_on_id where td.task_id = t.id), '{}') as depends_on
    from tasks t left join repos r on r.id = t.repo_id`

  const findByKey = (key: string) =>
    sql`${select} where t.key = ${key}`.pipe(
      storeFailure("tasks.get"),
      Effect.flatMap(([row]) => (row ? Effect.succeed(decodeTask(row)) : Effect.fail(new NotFound({ entity: "task", id: key }))))
    )

  const generateKey = (repoName: string | null) =>
    Effect.gen(function*() {
      const prefix = keyPrefix(repoName)
      // A user may have taken PREFIX-n by hand: draw numbers until one is free.
      for (;;) {
        const [row] = yield* sql<{ n: number }>`select nextval('task_key_seq') as n`
        const key = `${prefix}-${row!.n}`
        const [taken] = yield* sql`select 1 from tasks where key = ${key}`
        if (!taken) return key
      }
    })

  const create = Effect.fn("Tasks.create")(function*(raw: TaskInputEncoded) {
    const input = yield* decodeInput(TaskInput)(raw)
    const [repo] = input.repo === null ? [null] : yield* sql<{ id: number }>`select id from repos where name = ${input.repo}`
    if (repo === undefined) return yield* new NotFound({ entity: "repo", id: input.repo ?? "" })
    const dependencies = input.dependsOn.length === 0
      ? []
      : yield* sql<{ id: number; key: string }>`select id, key from tasks where key in ${sql.in(input.dependsOn)}`
    const missing = input.dependsOn.find((k) => !dependencies.some((d) => d.key === k))
    if (missing !== undefined) return yield* new NotFound({ entity: "task", id: missing })
    const status: TaskStatus = (yield* settings.get("autoEnqueue")) ? "queued" : "pending"

    const key = yield* sql.withTransaction(Effect.gen(function*() {
      const key = input.key ?? (yield* generateKey(input.repo))
      const { repo: _repo, dependsOn: _deps, key: _key, ...fields } = input
      const [row] = yield* sql<{ id: number }>`insert into tasks ${sql.insert({
        ...fields,
        labels: [...fields.labels],
        skills: [...fields.skills],
        key,
        repoId: repo?.id ?? null,
        status,
        enqueuedAt: status === "queued" ? new Date() : null
      })} returning id`
      for (const dep of dependencies) {
        yield* sql`insert into task_dependencies (task_id, depends_on_id) values (${row!.id}, ${dep.id})`
      }
      yield* events.append({ type: "status_changed", from: null, to: status, reason: "created" }, { taskId: row!.id })
      return key
    })).pipe(storeFailure("tasks.create", () => new AlreadyExists({ entity: "task", id: input.key ?? "" })))
    return yield* findByKey(key)
  }, storeFailure("tasks.create"))

  const moveByKey = makeMoveByKey(sql)
  const transition = Effect.fn("Tasks.transition")(function*(key: string, to: TaskStatus, options: TransitionOptions = {}) {
    const moved = yield* moveByKey(key, { to, reason: options.reason })
    // After commit (the move is one statement): wake event subscribers and, when the move freed a
    // repo slot or a dependency, workers (a move to queued wakes them by trigger).
    // A wake-up only: its failure must not turn a committed move into an error (listeners also poll).
    yield* sql`select pg_notify(${CHANNEL}, coalesce((select max(id) from events), 0)::text)
      ${moved.wakes ? sql`, pg_notify(${QUEUE_CHANNEL}, 'task')` : sql``}`.pipe(
      Effect.tapErrorCause((cause) => Effect.logWarning("announcing a status change failed; listeners will poll", cause)),
      Effect.ignore
    )
    return moved.task
  }, storeFailure("tasks.transition"))

  return Tasks.of({
    create,
    get: findByKey,
    transition,
    list: (filter = {}) =>
      sql`${select}
        where true
        ${filter.status ? sql`and t.status = ${filter.status}` : sql``}
        ${filter.repo ? sql`and r.name = ${filter.repo}` : sql``}
        ${filter.includeArchived ? sql`` : sql`and not t.archived`}
        order by t.id desc limit ${filter.limit ?? 100} offset ${filter.offset ?? 0}`.pipe(
        Effect.map((rows) => rows.map((row) => decodeTask(row))),
        storeFailure("tasks.list")
      )
  })
})

export const layer = Layer.effect(Tasks, make)
