/**
 * The plan-approval gate for interactive tasks. The pipeline `submit`s the plan of a read-only plan
 * run (stored, with a `plan_ready` event) and ends the run `blocked` with the reason
 * `PLAN_AWAITING`, so the waiting task holds no worker slot and no lock. A person then `approve`s
 * (the task is queued again and its next run gets the plan as a contract) or `reject`s it (the task
 * is cancelled; retrying it asks for a new plan). Approve and reject are refused with
 * `NoPlanAwaiting` unless the task is blocked on an awaiting plan, and change nothing then.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import type { NotFound, StoreError } from "../domain/Errors.js"
import { NoPlanAwaiting, Plan, StoredPlan } from "../domain/Plan.js"
import type { Task } from "../domain/Task.js"
import type { IllegalTransition } from "../domain/TaskStatus.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Events } from "../store/Events.js"
import { Tasks } from "../store/Tasks.js"

/** The blocked reason of a task whose plan awaits approval. */
export const PLAN_AWAITING = "plan awaiting approval"

export type PlanGateError = NotFound | NoPlanAwaiting | IllegalTransition | StoreError

export interface PlanGateService {
  /** Stores `plan` as awaiting approval for the task and writes `plan_ready`; returns the plan's id. */
  readonly submit: (taskId: number, plan: Plan, runId?: number | null) => Effect.Effect<number, StoreError>
  /** blocked on an awaiting plan → queued, with `plan_approved`. */
  readonly approve: (key: string, by: string) => Effect.Effect<Task, PlanGateError>
  /** blocked on an awaiting plan → cancelled, with `plan_rejected` and the reason. */
  readonly reject: (key: string, by: string, reason?: string | undefined) => Effect.Effect<Task, PlanGateError>
  /** The task's newest plan, or null. */
  readonly latest: (taskId: number) => Effect.Effect<StoredPlan | null, StoreError>
}

export class PlanGate extends Context.Tag("@devserver/core/gates/PlanGate")<PlanGate, PlanGateService>() {}

const decodePlan = Schema.decodeUnknownSync(StoredPlan)
const encodePlan = Schema.encodeSync(Plan)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const tasks = yield* Tasks
  const events = yield* Events

  const latest = (taskId: number) =>
    // The plan travels as text: the client's camelCase transform would rename its snake_case keys.
    sql<{ planJson: string }>`
      select id, task_id, plan::text as plan_json, status, decided_by, reason, created_at
      from plans where task_id = ${taskId} order by id desc limit 1`.pipe(
      Effect.map(([row]) => (row === undefined ? null : decodePlan({ ...row, plan: JSON.parse(row.planJson) }))),
      storeFailure("plans.latest")
    )

  const submit = (taskId: number, plan: Plan, runId: number | null = null) =>
    sql.withTransaction(Effect.gen(function*() {
      const [row] = yield* sql<{ id: number }>`
        insert into plans (task_id, plan) values (${taskId}, ${JSON.stringify(encodePlan(plan))}) returning id`
      yield* events.append({ type: "plan_ready", summary: plan.summary }, { taskId, runId })
      return row!.id
    })).pipe(storeFailure("plans.submit"))

  /** The awaiting plan of a task blocked on it, locked for the decision. */
  const awaiting = (key: string) =>
    Effect.gen(function*() {
      const task = yield* tasks.get(key)
      const [row] = yield* sql<{ id: number }>`
        select id from plans where task_id = ${task.id} and status = 'awaiting' order by id desc limit 1 for update`.pipe(
        storeFailure("plans.awaiting")
      )
      if (row === undefined || task.status !== "blocked" || task.blockedReason !== PLAN_AWAITING) {
        return yield* new NoPlanAwaiting({ taskKey: task.key })
      }
      return { task, planId: row.id }
    })

  const decide = (key: string, by: string, verdict: "approved" | "rejected", reason: string | undefined) =>
    sql.withTransaction(Effect.gen(function*() {
      const { planId, task } = yield* awaiting(key)
      yield* sql`update plans set status = ${verdict}, decided_by = ${by}, reason = ${reason ?? null}, decided_at = now()
        where id = ${planId}`.pipe(storeFailure("plans.decide"))
      yield* events.append(
        verdict === "approved" ? { type: "plan_approved", by } : { type: "plan_rejected", by, ...(reason === undefined ? {} : { reason }) },
        { taskId: task.id }
      )
      return yield* tasks.transition(key, verdict === "approved" ? "queued" : "cancelled", {
        reason: `plan ${verdict} by ${by}${reason === undefined ? "" : `: ${reason}`}`
      })
    })).pipe(storeFailure("plans.decide"))

  return PlanGate.of({
    submit,
    latest,
    approve: (key, by) => decide(key, by, "approved", undefined),
    reject: (key, by, reason) => decide(key, by, "rejected", reason)
  })
})

export const layer = Layer.effect(PlanGate, make)
