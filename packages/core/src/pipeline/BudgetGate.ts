/**
 * The budget breaker before each attempt: the task's caps against all its runs (failed
 * ones included) — a `budget_warning` once per kind at 80 %, `budget_exceeded` and `blocked` at 100 % —
 * and the installation's daily spend cap, which sends the task back to the queue until the next UTC
 * day. Also tells the attempt how much wall time it may still use.
 */
import { Effect } from "effect"
import * as Budget from "../budget/Budget.js"
import { msUntilNextDay, type Spend } from "../budget/Spend.js"
import type { Run } from "../domain/Run.js"
import type { Task } from "../domain/Task.js"
import type { Outcome } from "../queue/Queue.js"
import type { Events } from "../store/Events.js"
import type { Settings } from "../store/Settings.js"
import type { BudgetState } from "./Decide.js"

export type Gate =
  | { readonly _tag: "go"; readonly wallLeftMs: number }
  | { readonly _tag: "stop"; readonly outcome: Outcome }

export interface BudgetGateServices {
  readonly events: typeof Events.Service
  readonly settings: typeof Settings.Service
  readonly spend: typeof Spend.Service
}

/** What a task's runs have used. */
export const usageOf = (runs: ReadonlyArray<Run>): Budget.BudgetUsage => ({
  usd: runs.reduce((sum, r) => sum + (r.costUsd ?? 0), 0),
  wallMs: runs.reduce((sum, r) => sum + (r.durationMs ?? 0), 0)
})

/** The budget as the decision sees it after an attempt. */
export const stateOf = (task: Task, runs: ReadonlyArray<Run>): BudgetState => {
  const over = Budget.exceeded(Budget.limitsOf(task), usageOf(runs))
  return over === null ? { _tag: "ok" } : { _tag: "exceeded", ...over }
}

export const make = (s: BudgetGateServices) => {
  /** Records `budget_exceeded` and the blocked outcome. */
  const exceed = (task: Task, over: Budget.Reading) =>
    s.events.append({ type: "budget_exceeded", ...over }, { taskId: task.id }).pipe(
      Effect.as<Gate>({ _tag: "stop", outcome: { status: "blocked", reason: `budget exceeded: ${over.kind} ${round(over.used)} of ${round(over.limit)}` } })
    )

  const check = Effect.fn("BudgetGate.check")(function*(task: Task, runs: ReadonlyArray<Run>) {
    const limits = Budget.limitsOf(task)
    const usage = usageOf(runs)
    const warned = yield* s.spend.warned(task.id)
    for (const warning of Budget.warnings(limits, usage, warned)) {
      yield* s.events.append({ type: "budget_warning", ...warning }, { taskId: task.id })
    }
    const over = Budget.exceeded(limits, usage)
    if (over !== null) return yield* exceed(task, over)
    const cap = yield* s.settings.get("dailySpendCapUsd")
    if (cap !== null) {
      const today = yield* s.spend.today()
      if (today >= cap) {
        yield* Effect.logWarning(`daily spend cap reached (${round(today)} of ${cap} USD): ${task.key} waits for the next day`)
        return { _tag: "stop", outcome: { status: "queued", reason: `daily spend cap reached: ${round(today)} of ${cap} USD`, delay: msUntilNextDay(new Date()) } } satisfies Gate
      }
    }
    return { _tag: "go", wallLeftMs: Budget.wallLeftMs(limits, usage) } satisfies Gate
  })

  return { check, exceed }
}

const round = (n: number) => Math.round(n * 100) / 100
