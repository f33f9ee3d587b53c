/**
 * The attempt loop's decisions, as one pure function: given what happened so far in
 * this vendor's loop (the leg), the classified failure of the last attempt and the budget, what next.
 *
 * - Budget exceeded → `block` (no failover: more spending is exactly what the user capped).
 * - Rate limit → `backoff` with the configured waits (+ jitter), re-running the same attempt without
 *   consuming one; still limited after the last wait → the leg ends.
 * - A subscription's usage window with a known reset and no backup → `requeue` after the reset.
 * - A hard class, or the same class as the previous failed attempt of the leg → the leg ends (escalated).
 * - Attempts used up → the leg ends. Otherwise → `retry` (a `continuation` after max turns).
 * - A leg that ends fails over to the backup when one is left, else the task `fail`s.
 */
import type { ErrorClassKey, Severity } from "../domain/ErrorClass.js"

/** The classified failure of one attempt. */
export interface Failure {
  readonly class: ErrorClassKey
  readonly severity: Severity
  /** A subscription's usage window is exhausted (a rate limit that backoff will not cure). */
  readonly usageLimit: { readonly resetAt: Date | null } | null
}

/** What happened so far in the current leg (one vendor/model), and the task's options. */
export interface LoopState {
  /** Classes of the leg's failed attempts so far, oldest first (the current failure not included). */
  readonly classes: ReadonlyArray<ErrorClassKey>
  /** Attempts the leg has consumed, the current one included. */
  readonly attempts: number
  readonly maxAttempts: number
  /** Rate-limit waits already spent on the current attempt. */
  readonly waits: number
  /** A backup vendor/model is set and the loop is not on it yet. */
  readonly backupLeft: boolean
  readonly now: Date
}

/** A cap against its use (USD, or seconds for `wall`). */
export interface Reading {
  readonly kind: "usd" | "wall"
  readonly used: number
  readonly limit: number
}

export type BudgetState = { readonly _tag: "ok" } | ({ readonly _tag: "exceeded" } & Reading)

export interface BackoffPolicy {
  /** Waits before re-running a rate-limited attempt, in order (30 s, 60 s, 120 s by default). */
  readonly waitsMs: ReadonlyArray<number>
  /** Extra random share of each wait (0.2 = up to +20 %). */
  readonly jitter: number
}

export type Action =
  | { readonly _tag: "retry"; readonly continuation: boolean }
  | { readonly _tag: "backoff"; readonly waitMs: number; readonly wait: number }
  | { readonly _tag: "failover"; readonly reason: string; readonly escalated: boolean }
  | { readonly _tag: "fail"; readonly reason: string; readonly escalated: boolean }
  | { readonly _tag: "requeue"; readonly delayMs: number; readonly reason: string }
  | { readonly _tag: "block"; readonly reason: string; readonly budget: Reading }

/** When a usage window has no known reset: try again after an hour. */
export const unknownResetMs = 3_600_000

const endLeg = (state: LoopState, reason: string, escalated: boolean): Action =>
  state.backupLeft ? { _tag: "failover", reason, escalated } : { _tag: "fail", reason, escalated }

/**
 * The next action after a failed attempt. `random` in [0, 1) scales the jitter (pass `Math.random()`;
 * tests pass a constant).
 */
export const decide = (state: LoopState, failure: Failure, budget: BudgetState, policy: BackoffPolicy, random = 0): Action => {
  if (budget._tag === "exceeded") {
    const { _tag, ...reading } = budget
    return { _tag: "block", reason: `budget exceeded: ${budget.kind} ${round(budget.used)} of ${round(budget.limit)}`, budget: reading }
  }
  if (failure.usageLimit !== null) {
    if (state.backupLeft) return endLeg(state, "usage limit reached", false)
    const reset = failure.usageLimit.resetAt
    const delayMs = reset === null ? unknownResetMs : Math.max(60_000, reset.getTime() - state.now.getTime())
    return { _tag: "requeue", delayMs, reason: "usage limit reached; waiting for its reset" }
  }
  if (failure.class === "agent_api_rate_limit") {
    const base = policy.waitsMs[state.waits]
    if (base !== undefined) return { _tag: "backoff", waitMs: Math.round(base * (1 + policy.jitter * random)), wait: state.waits + 1 }
    return endLeg(state, `still rate limited after ${state.waits} waits`, true)
  }
  if (failure.severity === "hard") return endLeg(state, `${failure.class} is a hard failure`, true)
  if (state.classes.at(-1) === failure.class) return endLeg(state, `${failure.class} twice in a row`, true)
  if (state.attempts >= state.maxAttempts) return endLeg(state, `${state.attempts} attempts without success (last: ${failure.class})`, false)
  return { _tag: "retry", continuation: failure.class === "agent_turn_limit" }
}

const round = (n: number) => Math.round(n * 100) / 100
