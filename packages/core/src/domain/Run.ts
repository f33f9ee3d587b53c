/** One agent attempt of a task. */
import { Schema } from "effect"

/** `lost`: the worker died (or lost its task) with the run open; closed by the queue's recovery or a cancel. */
export const RunStatus = Schema.Literal("running", "verifying", "succeeded", "failed", "cancelled", "lost")
export type RunStatus = typeof RunStatus.Type

export const VerifyStepName = Schema.Literal("pre", "build", "test", "lint")

/** The result of one verification step. */
export const VerifyResult = Schema.Struct({
  step: VerifyStepName,
  ok: Schema.Boolean,
  exitCode: Schema.NullOr(Schema.Int),
  durationMs: Schema.Number
})
export type VerifyResult = typeof VerifyResult.Type

export class Run extends Schema.Class<Run>("Run")({
  id: Schema.Number,
  taskId: Schema.Number,
  attempt: Schema.Int,
  vendor: Schema.String,
  model: Schema.NullOr(Schema.String),
  sessionId: Schema.NullOr(Schema.String),
  workerId: Schema.NullOr(Schema.String),
  status: RunStatus,
  startedAt: Schema.DateFromSelf,
  finishedAt: Schema.NullOr(Schema.DateFromSelf),
  durationMs: Schema.NullOr(Schema.Number),
  turns: Schema.NullOr(Schema.Int),
  /** Cost in USD, recorded for failed attempts too. */
  costUsd: Schema.NullOr(Schema.Number),
  tokensIn: Schema.NullOr(Schema.Number),
  tokensOut: Schema.NullOr(Schema.Number),
  exitCode: Schema.NullOr(Schema.Int),
  errorClass: Schema.NullOr(Schema.String),
  errorExcerpt: Schema.NullOr(Schema.String),
  verification: Schema.Array(VerifyResult),
  branch: Schema.NullOr(Schema.String),
  prUrl: Schema.NullOr(Schema.String)
}) {}
