/** Analytics over a window of days: what was delivered, what failed, what it cost (failed attempts included). */
import { Schema } from "effect"

export const StatsQuery = Schema.Struct({
  days: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 90, { message: () => "the window is 1 to 90 days" })), { default: () => 7 })
})

export interface StatsTotals {
  /** Tasks that reached review or done in the window. */
  readonly completed: number
  /** Tasks that ended failed in the window. */
  readonly failed: number
  /** completed / (completed + failed); null when neither happened. */
  readonly successRate: number | null
  /** Every attempt's cost, failed attempts included. */
  readonly costUsd: number
  /** The part of `costUsd` spent by attempts that failed. */
  readonly failedCostUsd: number
  readonly agentMs: number
  readonly turns: number
  readonly runs: number
}

export interface StatsDay {
  /** UTC day, `YYYY-MM-DD`. */
  readonly day: string
  readonly completed: number
  readonly failed: number
  readonly costUsd: number
  /** Agent time per task that ran that day. */
  readonly avgDurationMs: number | null
  readonly avgTurns: number | null
}

export interface VendorDay {
  readonly day: string
  readonly vendor: string
  readonly costUsd: number
  readonly runs: number
}

export interface VendorShare {
  readonly vendor: string
  readonly runs: number
  readonly costUsd: number
}

export interface Stats {
  readonly days: number
  readonly from: Date
  readonly to: Date
  readonly totals: StatsTotals
  /** One entry per day of the window, oldest first, zeros included. */
  readonly perDay: ReadonlyArray<StatsDay>
  readonly perVendorDay: ReadonlyArray<VendorDay>
  readonly vendorShare: ReadonlyArray<VendorShare>
}
