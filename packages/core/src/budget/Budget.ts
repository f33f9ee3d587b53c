/**
 * The budget breaker's arithmetic, pure: a task's caps (max USD — API billing only —
 * and max wall seconds) against what all its attempts used, failed ones included. A warning is due
 * once per kind at 80 %; at 100 % the task stops before its next attempt, and a running agent never
 * gets more wall time than is left.
 */
import type { Task } from "../domain/Task.js"

export type BudgetKind = "usd" | "wall"

export interface BudgetLimits {
  /** USD cap; null = none (also for subscription billing, where no money is spent per call). */
  readonly maxUsd: number | null
  /** Wall-time cap in milliseconds; null = none. */
  readonly maxWallMs: number | null
}

export interface BudgetUsage {
  /** USD reported by every attempt so far (unknown costs count as 0: they are not known to be spent). */
  readonly usd: number
  /** Wall time of every attempt so far, agent and verification. */
  readonly wallMs: number
}

/** One cap against its use. `used` and `limit` are USD, or seconds for `wall`. */
export interface Reading {
  readonly kind: BudgetKind
  readonly used: number
  readonly limit: number
}

/** Share of a cap at which the one warning is due. */
export const warnShare = 0.8

export const limitsOf = (task: Task): BudgetLimits => ({
  maxUsd: task.billingMode === "api" ? task.maxUsd : null,
  maxWallMs: task.maxWallSeconds === null ? null : task.maxWallSeconds * 1000
})

const readings = (limits: BudgetLimits, usage: BudgetUsage): ReadonlyArray<Reading> => [
  ...(limits.maxUsd === null ? [] : [{ kind: "usd" as const, used: usage.usd, limit: limits.maxUsd }]),
  ...(limits.maxWallMs === null ? [] : [{ kind: "wall" as const, used: usage.wallMs / 1000, limit: limits.maxWallMs / 1000 }])
]

/** The first cap that is used up, or null. */
export const exceeded = (limits: BudgetLimits, usage: BudgetUsage): Reading | null =>
  readings(limits, usage).find((r) => r.used >= r.limit) ?? null

/** Caps at or past 80 % (and not yet warned about), in order. */
export const warnings = (limits: BudgetLimits, usage: BudgetUsage, warned: ReadonlySet<BudgetKind>): ReadonlyArray<Reading> =>
  readings(limits, usage).filter((r) => r.used >= r.limit * warnShare && !warned.has(r.kind))

/** Wall time an attempt may still take (Infinity without a wall cap; never negative). */
export const wallLeftMs = (limits: BudgetLimits, usage: BudgetUsage): number =>
  limits.maxWallMs === null ? Infinity : Math.max(0, limits.maxWallMs - usage.wallMs)
