/**
 * The pipeline's last step: hand verified work over. It receives everything a
 * pull-request body or a notification needs (the task, the agent's own summary, the verification
 * results, every attempt with its cost and turns, the totals and a failover note) and says how the task
 * ends. The attempt step has already committed the agent's work on `agent/<key>` (not for `untracked`).
 *
 * `layer` is today's behaviour: nothing is pushed, the task goes to `review`. The real delivery
 * (preflight, PR / commit / patch / untracked flows) replaces it behind the same tag.
 */
import { Context, Effect, Layer, Schema } from "effect"
import type { Repo } from "../domain/Repo.js"
import type { Run, VerifyResult } from "../domain/Run.js"
import type { Task } from "../domain/Task.js"
import type { Outcome } from "../queue/Queue.js"
import type { Worktree } from "../workspace/Workspace.js"

/** The work moved to a backup vendor or model during the task. */
export interface FailoverNote {
  readonly fromVendor: string
  readonly fromModel: string | null
  readonly toVendor: string
  readonly toModel: string | null
  /** Why the primary was given up (the escalated class, or `attempts exhausted`). */
  readonly reason: string
}

/** Sums over every attempt of the task, failed ones included. */
export interface DeliveryTotals {
  readonly attempts: number
  /** null when no attempt reported turns. */
  readonly turns: number | null
  /** USD over the attempts that reported a cost; null when none did (Codex, Gemini, command). */
  readonly costUsd: number | null
  /** Whether every attempt reported its cost (false: `costUsd` is a lower bound). */
  readonly costComplete: boolean
  /** Wall time of the attempts (agent and verification). */
  readonly durationMs: number
}

export interface DeliveryInput {
  readonly task: Task
  readonly repo: Repo | null
  readonly worktree: Worktree
  /** The attempt whose work is delivered (finished, `succeeded`). */
  readonly run: Run
  /** Every attempt of the task so far, in order (including `run`). */
  readonly runs: ReadonlyArray<Run>
  /** The agent's final text of the delivered attempt ("what changed", in its words). */
  readonly summary: string
  /** The verification of the delivered attempt; empty when none is configured or the task skips it. */
  readonly verification: ReadonlyArray<VerifyResult>
  /** Verification was skipped on purpose (the task's flag), not merely unconfigured. */
  readonly verificationSkipped: boolean
  readonly totals: DeliveryTotals
  readonly failover: FailoverNote | null
}

/** Delivery failed for a reason the task cannot pass by itself (forge down, push refused, …). */
export class DeliverError extends Schema.TaggedError<DeliverError>()("DeliverError", {
  taskKey: Schema.String,
  reason: Schema.Literal("PushFailed", "ForgeFailed", "PatchFailed", "GitFailed", "StoreFailed"),
  detail: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    return `delivery of ${this.taskKey}: ${this.reason}: ${this.detail}`
  }
}

export interface DeliverService {
  /**
   * Delivers the task's verified work and says how the task ends: `review` when the work is ready for a
   * human, `blocked` when a gate stopped it (preflight), `failed` when there is nothing to deliver. A
   * failure that a later retry may pass (a forge outage) is a `DeliverError`; it never becomes a success.
   */
  readonly deliver: (input: DeliveryInput) => Effect.Effect<Outcome, DeliverError>
}

export class Deliver extends Context.Tag("@devserver/core/pipeline/Deliver")<Deliver, DeliverService>() {}

/** Today's delivery: the work stays committed on `agent/<key>` (or uncommitted for `untracked`); status `review`. */
export const layer = Layer.succeed(
  Deliver,
  Deliver.of({
    deliver: (input) => Effect.succeed({ status: "review", reason: `${input.totals.attempts} attempt(s), ready for review` })
  })
)

/** Totals over the task's runs. */
export const totalsOf = (runs: ReadonlyArray<Run>): DeliveryTotals => {
  const costs = runs.map((r) => r.costUsd).filter((c): c is number => c !== null)
  const turns = runs.map((r) => r.turns).filter((t): t is number => t !== null)
  return {
    attempts: runs.length,
    turns: turns.length === 0 ? null : turns.reduce((a, b) => a + b, 0),
    costUsd: costs.length === 0 ? null : costs.reduce((a, b) => a + b, 0),
    costComplete: costs.length === runs.length,
    durationMs: runs.reduce((sum, r) => sum + (r.durationMs ?? 0), 0)
  }
}
