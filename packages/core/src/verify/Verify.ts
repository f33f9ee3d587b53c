/**
 * Verification: the repo's own `pre`, `build`, `test` and `lint` commands, in that order,
 * run in the worktree through a shell, each with its own timeout and in its own process group (killed
 * whole on timeout or interruption), with an allow-listed environment. The first failing step stops
 * the chain. Output goes to the run's log and, throttled, to `log_line` events; each step that ran
 * ends with a `verify_step` event. A failing or timed-out step is a result, not an error.
 */
import { Context, type Effect, Schema } from "effect"
import type { LogLine, VerifyStep } from "../domain/PipelineEvent.js"
import type { RepoCommands } from "../domain/Repo.js"
import type { VerifyResult } from "../domain/Run.js"

/** The steps, in the order they run. */
export const steps = ["pre", "build", "test", "lint"] as const
export type StepName = typeof steps[number]

/** The command line of each step; empty = skipped. */
export type VerifyCommands = Pick<RepoCommands, StepName>

export type VerifyEvent = typeof VerifyStep.Type | typeof LogLine.Type

export interface VerifyRequest {
  readonly taskKey: string
  /** The worktree. */
  readonly cwd: string
  readonly commands: VerifyCommands
  /** HOME of the commands (outside the worktree; caches of package managers land there). */
  readonly home: string
  /** The run's log file; verification output is appended to it. */
  readonly logFile: string
  /** Receives `verify_step` and (throttled) `log_line` events. */
  readonly onEvent: (event: VerifyEvent) => Effect.Effect<void>
}

/** The failed step of a verification. */
export interface VerifyFailure {
  readonly step: StepName
  /** The last 3,000 characters of its output (for the classifier, the event and the next prompt). */
  readonly output: string
  readonly timedOut: boolean
}

export interface VerifyReport {
  /** One result per step that ran, in order (steps with an empty command are absent). */
  readonly results: ReadonlyArray<VerifyResult>
  /** null when every configured step passed (or none is configured). */
  readonly failure: VerifyFailure | null
}

/** Verification could not run at all (the log could not be written, the shell could not start). */
export class VerifyError extends Schema.TaggedError<VerifyError>()("VerifyError", {
  taskKey: Schema.String,
  reason: Schema.Literal("SpawnFailed", "LogFailed"),
  detail: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    return `verification of ${this.taskKey}: ${this.reason}: ${this.detail}`
  }
}

export interface VerifyService {
  /** Runs the configured steps until the first failure; see the module doc. */
  readonly run: (request: VerifyRequest) => Effect.Effect<VerifyReport, VerifyError>
}

export class Verify extends Context.Tag("@devserver/core/verify/Verify")<Verify, VerifyService>() {}

/** Characters of a failed step's output kept for the classifier and the event. */
export const tailChars = 3_000

/** The commands to run: the task's overrides (per step) over the repo's; none when the task skips verification. */
export const commandsFor = (
  repo: RepoCommands | null,
  override: { readonly [K in StepName]?: string | undefined } | null,
  skip: boolean
): VerifyCommands => {
  const none = { pre: "", build: "", test: "", lint: "" }
  if (skip) return none
  return Object.fromEntries(steps.map((s) => [s, override?.[s] ?? repo?.[s] ?? ""])) as unknown as VerifyCommands
}

/** Whether any step would run. */
export const configured = (commands: VerifyCommands): boolean => steps.some((s) => commands[s].trim() !== "")
