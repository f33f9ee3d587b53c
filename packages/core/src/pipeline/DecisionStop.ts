/**
 * How a claim ends when its attempt stopped for a person's decision: `blocked` with
 * `DECISION_PENDING` (no worker slot held while it waits), or `queued` at once when the person
 * already answered while the agent was stopping (resolving only re-queues a task that is blocked).
 */
import { Effect } from "effect"
import type { Raised } from "../decisions/DecisionHook.js"
import { DECISION_PENDING, type Decisions } from "../decisions/Decisions.js"
import type { StoreError } from "../domain/Errors.js"
import type { Task } from "../domain/Task.js"
import type { Outcome } from "../queue/Queue.js"

export const outcomeOf = (decisions: typeof Decisions.Service, task: Task, raised: Raised): Effect.Effect<Outcome, StoreError> =>
  Effect.map(decisions.pending(task.key), (pending): Outcome =>
    pending.some((d) => d.id === raised.decisionId)
      ? { status: "blocked", reason: `${DECISION_PENDING}: ${raised.question.split("\n")[0]!.slice(0, 300)}` }
      : { status: "queued", reason: `decision ${raised.decisionId} was answered during the attempt` })
