import { Command, Options } from "@effect/cli"
import type { Stats } from "@devserver/core/domain/Stats"
import { Console, Effect } from "effect"
import { Backend } from "../backend/Backend.js"
import { appLayer, backendLayer } from "../Config.js"
import * as Flags from "../Flags.js"
import * as Render from "../Render.js"

const usd = (n: number) => `$${n.toFixed(2)}`

const summary = (s: Stats) => {
  const t = s.totals
  const rate = t.successRate === null ? "-" : `${Math.round(t.successRate * 100)}%`
  return [
    `last ${s.days} days (since ${s.from.toISOString().slice(0, 10)}): ${t.completed} completed, ${t.failed} failed, success ${rate}`,
    `cost ${usd(t.costUsd)} (failed attempts ${usd(t.failedCostUsd)}), agent time ${Render.duration(t.agentMs)}, ${t.turns} turns, ${t.runs} runs`,
    ""
  ].join("\n")
}

export const stats = Command.make("stats", {
  days: Options.integer("days").pipe(Options.withDefault(7), Options.withDescription("Window in days, 1 to 90 (default 7).")),
  json: Flags.json
}, ({ days, json }) =>
  Effect.gen(function*() {
    const s = yield* (yield* Backend).stats(days)
    if (json) return yield* Render.json(s)
    yield* Console.log(summary(s))
    yield* Render.table(
      ["DAY", "DONE", "FAILED", "COST", "AVG TIME", "AVG TURNS"],
      s.perDay.map((d) => [d.day, String(d.completed), String(d.failed), usd(d.costUsd), Render.duration(d.avgDurationMs), d.avgTurns === null ? "-" : d.avgTurns.toFixed(1)])
    )
    if (s.vendorShare.length > 0) {
      yield* Console.log("")
      yield* Render.table(["VENDOR", "RUNS", "COST"], s.vendorShare.map((v) => [v.vendor, String(v.runs), usd(v.costUsd)]))
    }
  })).pipe(
  Command.withDescription("Tasks completed and failed, cost (failed attempts included), agent time and turns, per day and vendor."),
  Command.provide(backendLayer),
  Command.provide(appLayer)
)
