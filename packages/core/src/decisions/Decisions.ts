/**
 * Decisions: before a side-effecting action the agent's action is judged (`DecisionRules`). An allowed
 * one is recorded and goes ahead; a blocked one is raised (`decision_raised`) and waits for a person,
 * who approves, rejects or edits it (`decision_resolved`); the pipeline ends the attempt `blocked`
 * with `DECISION_PENDING`, so the task holds no worker while it waits. Resolving the task's last
 * pending decision queues the task again; its next prompt carries every resolution.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import { InvalidInput, NotFound, type StoreError } from "../domain/Errors.js"
import type { IllegalTransition } from "../domain/TaskStatus.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Events } from "../store/Events.js"
import { Tasks } from "../store/Tasks.js"
import { judge, type Verdict } from "./DecisionRules.js"

/** The blocked reason of a task waiting for decisions. */
export const DECISION_PENDING = "decision pending"

export const DecisionStatus = Schema.Literal("pending", "approved", "rejected", "edited")

export class Decision extends Schema.Class<Decision>("Decision")({
  id: Schema.Number,
  taskId: Schema.Number,
  taskKey: Schema.String,
  question: Schema.String,
  verdict: Schema.Literal("allow", "block"),
  status: DecisionStatus,
  resolution: Schema.NullOr(Schema.String),
  createdAt: Schema.DateFromSelf,
  resolvedAt: Schema.NullOr(Schema.DateFromSelf)
}) {}

export interface DecisionsService {
  /** Judges `action` for the task's run; a blocked one is stored pending with `decision_raised`. */
  readonly ask: (taskId: number, runId: number | null, action: string) => Effect.Effect<Verdict & { readonly decisionId: number }, StoreError>
  /** Pending decisions (all, or one task's). */
  readonly pending: (taskKey?: string) => Effect.Effect<ReadonlyArray<Decision>, StoreError>
  /**
   * Resolves a pending decision (`edited` needs the edited instruction as `resolution`); when no
   * decision of the task is left pending and it is blocked on them, the task is queued again.
   */
  readonly resolve: (
    id: number,
    outcome: "approved" | "rejected" | "edited",
    by: string,
    resolution?: string | undefined
  ) => Effect.Effect<Decision, NotFound | InvalidInput | IllegalTransition | StoreError>
  /** Resolved decisions of a task, for its next prompt. */
  readonly resolved: (taskId: number) => Effect.Effect<ReadonlyArray<Decision>, StoreError>
}

export class Decisions extends Context.Tag("@devserver/core/decisions/Decisions")<Decisions, DecisionsService>() {}

const decode = Schema.decodeUnknownSync(Decision)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const events = yield* Events
  const tasks = yield* Tasks
  const select = sql`select d.*, t.key as task_key from decisions d join tasks t on t.id = d.task_id`

  const get = (id: number) =>
    sql`${select} where d.id = ${id}`.pipe(
      storeFailure("decisions.get"),
      Effect.flatMap(([row]) => (row === undefined ? Effect.fail(new NotFound({ entity: "decision", id: String(id) })) : Effect.succeed(decode(row))))
    )

  const ask = (taskId: number, runId: number | null, action: string) =>
    sql.withTransaction(Effect.gen(function*() {
      const verdict = judge(action)
      const question = verdict.why === null ? action.slice(0, 2000) : `${action.slice(0, 2000)}\n(${verdict.why})`
      const [row] = yield* sql<{ id: number }>`
        insert into decisions (task_id, run_id, question, verdict, status, resolved_at)
        values (${taskId}, ${runId}, ${question}, ${verdict.verdict}, ${verdict.verdict === "allow" ? "approved" : "pending"},
          ${verdict.verdict === "allow" ? sql`now()` : null})
        returning id`
      const decisionId = Number(row!.id)
      if (verdict.verdict === "block") yield* events.append({ type: "decision_raised", decisionId, question }, { taskId, runId })
      return { ...verdict, decisionId }
    })).pipe(storeFailure("decisions.ask"))

  const resolve = Effect.fn("Decisions.resolve")(function*(id: number, outcome: "approved" | "rejected" | "edited", by: string, resolution?: string) {
    if (outcome === "edited" && (resolution ?? "").trim() === "") return yield* new InvalidInput({ field: "resolution", reason: "an edited decision needs the edited instruction" })
    return yield* sql.withTransaction(Effect.gen(function*() {
      const decision = yield* get(id)
      if (decision.status !== "pending") return yield* new InvalidInput({ field: "decision", reason: `decision ${id} is already ${decision.status}` })
      yield* sql`update decisions set status = ${outcome}, resolution = ${resolution ?? `${outcome} by ${by}`}, resolved_at = now() where id = ${id}`
      yield* events.append({ type: "decision_resolved", decisionId: id, outcome }, { taskId: decision.taskId })
      const [left] = yield* sql<{ n: string }>`select count(*) as n from decisions where task_id = ${decision.taskId} and status = 'pending'`
      const task = yield* tasks.get(decision.taskKey)
      if (Number(left!.n) === 0 && task.status === "blocked" && task.blockedReason?.startsWith(DECISION_PENDING)) {
        yield* tasks.transition(task.key, "queued", { reason: `decisions resolved by ${by}` })
      }
      return yield* get(id)
    })).pipe(storeFailure("decisions.resolve"))
  })

  return Decisions.of({
    ask,
    resolve,
    pending: (taskKey) =>
      sql`${select} where d.status = 'pending' ${taskKey === undefined ? sql`` : sql`and t.key = ${taskKey}`} order by d.id`.pipe(
        Effect.map((rows) => rows.map((r) => decode(r))),
        storeFailure("decisions.pending")
      ),
    resolved: (taskId) =>
      sql`${select} where d.task_id = ${taskId} and d.verdict = 'block' and d.status <> 'pending' order by d.id`.pipe(
        Effect.map((rows) => rows.map((r) => decode(r))),
        storeFailure("decisions.resolved")
      )
  })
})

export const layer = Layer.effect(Decisions, make)
