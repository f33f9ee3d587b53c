/**
 * What has been spent, as the budget breaker needs it: the installation's spend today (for the
 * `dailySpendCapUsd` setting) and which budget warnings a task has already had (warn once).
 * Failed and cancelled attempts count: every run's recorded cost is summed.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer } from "effect"
import type { StoreError } from "../domain/Errors.js"
import { storeFailure } from "../internal/sqlFailure.js"
import type { BudgetKind } from "./Budget.js"

export interface SpendService {
  /** USD recorded by every run that started since the current UTC day began. */
  readonly today: () => Effect.Effect<number, StoreError>
  /** The budget kinds a task has already been warned about (`budget_warning` events). */
  readonly warned: (taskId: number) => Effect.Effect<ReadonlySet<BudgetKind>, StoreError>
}

export class Spend extends Context.Tag("@devserver/core/budget/Spend")<Spend, SpendService>() {}

/** Milliseconds until the next UTC midnight, when the daily cap resets. */
export const msUntilNextDay = (now: Date): number => {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)
  return next - now.getTime()
}

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  return Spend.of({
    today: () =>
      sql<{ usd: string | number | null }>`
        select coalesce(sum(cost_usd), 0) as usd from runs
        where started_at >= (date_trunc('day', now() at time zone 'UTC') at time zone 'UTC')`.pipe(
        Effect.map(([row]) => Number(row?.usd ?? 0)),
        storeFailure("spend.today")
      ),
    warned: (taskId) =>
      sql<{ kind: BudgetKind }>`
        select distinct payload->>'kind' as kind from events where task_id = ${taskId} and type = 'budget_warning'`.pipe(
        Effect.map((rows) => new Set(rows.map((r) => r.kind))),
        storeFailure("spend.warned")
      )
  })
})

export const layer = Layer.effect(Spend, make)
