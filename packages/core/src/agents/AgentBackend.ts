/**
 * Agent backends: one per vendor, each driving a CLI headless (or a plain shell command
 * for `command`). A run always ends in an `AgentResult`, including failures of the agent itself
 * (non-zero exit, garbage output, rate limit, stall, timeout); `AgentError` is only for a run that
 * could not start at all. Interrupting `run` kills the agent's whole process group.
 */
import { Context, type Effect, Layer, type Redacted, Schema } from "effect"
import type { AgentMessage, AgentToolResult, AgentToolUse, LogLine, RateLimitBackoff } from "../domain/PipelineEvent.js"
import type { BillingMode } from "../domain/Vendor.js"

/** A live event produced while the agent runs (already throttled when it reaches `onEvent`). */
export type AgentEvent =
  | typeof AgentMessage.Type
  | typeof AgentToolUse.Type
  | typeof AgentToolResult.Type
  | typeof RateLimitBackoff.Type
  | typeof LogLine.Type

export interface AgentRequest {
  readonly taskKey: string
  readonly prompt: string
  /** The worktree; the agent's cwd. */
  readonly cwd: string
  /** null = the vendor's default model. */
  readonly model: string | null
  /** null = unlimited (really unlimited). Per attempt: a resumed session gets this many more turns. */
  readonly maxTurns: number | null
  /** Turns the resumed session already holds (CLIs whose limit counts the whole session add them). */
  readonly sessionTurns?: number | undefined
  /** Resume this session of the same vendor instead of starting a new one. */
  readonly resumeSessionId: string | null
  /** `api` passes the vendor's key; `subscription` passes none, so the CLI uses its own login. */
  readonly billingMode: BillingMode
  /** Wall-clock limit; the process group is killed when it passes. */
  readonly timeoutMs: number
  /** The CLI's config home for this task and vendor, outside the worktree; kept so sessions resume. */
  readonly configHome: string
  /** The run's log file: the raw output, stdout and stderr, line by line. */
  readonly logFile: string
  /** Receives the live events (throttled) while the agent runs. */
  readonly onEvent: (event: AgentEvent) => Effect.Effect<void>
  /** The attempt number of the task (1, 2, …); default 1. */
  readonly attempt?: number | undefined
  /** For the `command` vendor: the shell command line (then `prompt` is the full prompt, handed over as a file). */
  readonly command?: string | undefined
  /** Where a CLI with a pre-tool hook asks before side-effecting actions (decisions/DecisionHook); absent: it does not ask. */
  readonly decisionHook?: { readonly url: string; readonly secret: Redacted.Redacted<string> } | undefined
}

/** How an agent run ended, when it did not succeed. `agent.stalled` is also used for repeated tool calls. */
export const AgentErrorClass = Schema.Literal(
  "agent.failed", // non-zero exit or an error result without a more specific signal
  "agent.bad_output", // the CLI printed no parseable result (garbage instead of JSON)
  "agent.rate_limited", // the model API answered 429 (after the CLI's own retries)
  "agent.usage_limit", // a subscription's usage window is exhausted
  "agent.max_turns", // the task's max turns was reached; resume with "continue"
  "agent.stalled", // no output for too long, or the same tool call repeated too often
  "agent.timeout" // the wall-clock limit passed
)
export type AgentErrorClass = typeof AgentErrorClass.Type

/** The normalised result of a run. Raw output stays in the log file. */
export interface AgentResult {
  readonly finalText: string
  readonly sessionId: string | null
  readonly turns: number | null
  /** USD, when the CLI reports it (Claude Code only). */
  readonly costUsd: number | null
  readonly tokensIn: number | null
  readonly tokensOut: number | null
  /** null when the process was killed by a signal. */
  readonly exitCode: number | null
  /** null on success. */
  readonly errorClass: AgentErrorClass | null
  /** The CLI's own error subtype (`error_max_turns`, `FatalTurnLimitedError`, …). */
  readonly errorSubtype: string | null
  /** A short human excerpt of the failure. */
  readonly errorExcerpt: string | null
  readonly rateLimited: boolean
  /** A subscription usage limit was hit; `resetAt` when the CLI said when it resets. */
  readonly usageLimit: { readonly resetAt: Date | null } | null
  readonly startedAt: Date
  /** When the process exited (or was killed). */
  readonly endedAt: Date
}

/** A run that could not be started. */
export class AgentError extends Schema.TaggedError<AgentError>()("AgentError", {
  vendor: Schema.String,
  reason: Schema.Literal("UnknownVendor", "NotInstalled", "SpawnFailed", "NoCredentials", "LogFailed"),
  detail: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    return `agent ${this.vendor}: ${this.reason}: ${this.detail}`
  }
}

export interface AgentBackend {
  readonly vendor: string
  /** Runs the agent to its end; see the module doc for what fails and what is a result. */
  readonly run: (request: AgentRequest) => Effect.Effect<AgentResult, AgentError>
}

export interface AgentBackendsService {
  /** The backend of a vendor, or AgentError `UnknownVendor`. */
  readonly get: (vendor: string) => Effect.Effect<AgentBackend, AgentError>
  /** The vendors that have a backend. */
  readonly vendors: ReadonlyArray<string>
}

export class AgentBackends extends Context.Tag("@devserver/core/agents/AgentBackends")<AgentBackends, AgentBackendsService>() {}

/**
 * Backends added from outside core (custom vendors). `AgentsLive` serves them beside the built-in
 * ones; a custom backend with a built-in vendor's name replaces it. Empty unless `register`ed.
 */
export class CustomBackends extends Context.Reference<CustomBackends>()("@devserver/core/agents/CustomBackends", {
  defaultValue: (): ReadonlyArray<AgentBackend> => []
}) {}

/**
 * Registers custom backends: provide the result to the layer that builds `AgentBackends`
 * (`WorkerServices.layer.pipe(Layer.provide(AgentBackend.register(mine)))`), and tasks whose vendor is
 * `mine.vendor` run on it. Vendor names must match the `Vendor` schema (lower-case id). Register all
 * custom backends in one call: the innermost `register` around a layer is the one it sees.
 */
export const register = (...backends: ReadonlyArray<AgentBackend>): Layer.Layer<CustomBackends> =>
  Layer.succeedContext(Context.make(CustomBackends, backends))
