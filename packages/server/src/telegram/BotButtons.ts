/**
 * The inline buttons of notifications, as core calls: `approve:KEY` / `reject:KEY` decide a task's
 * plan (plan gate), `decision-approve:ID` / `decision-reject:ID` resolve one decision. Each answers
 * the line shown to the chat; unknown data is null.
 */
import { Decisions } from "@devserver/core/decisions/Decisions"
import { PlanGate } from "@devserver/core/gates/PlanGate"
import { Effect } from "effect"

export type ButtonServices = PlanGate | Decisions

export const press = (data: string, by: string): Effect.Effect<string, unknown, ButtonServices> | null => {
  const [action, target] = [data.slice(0, data.indexOf(":")), data.slice(data.indexOf(":") + 1)]
  if (target === "") return null
  switch (action) {
    case "approve":
      return Effect.as(Effect.flatMap(PlanGate, (g) => g.approve(target, by)), `Plan approved by ${by}: ${target}`)
    case "reject":
      return Effect.as(Effect.flatMap(PlanGate, (g) => g.reject(target, by)), `Plan rejected by ${by}: ${target}`)
    case "decision-approve":
    case "decision-reject": {
      const id = Number(target)
      if (!Number.isSafeInteger(id)) return null
      const outcome = action === "decision-approve" ? "approved" : "rejected"
      return Effect.map(Effect.flatMap(Decisions, (d) => d.resolve(id, outcome, by)), (d) => `Decision ${d.id} of ${d.taskKey} ${outcome} by ${by}`)
    }
    default:
      return null
  }
}
