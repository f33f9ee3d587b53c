/**
 * The attempt loop: for the primary vendor/model and then, when that leg
 * fails, the backup — budget gate → prompt → attempt (agent, commit, verification) → on failure
 * classify and `decide` (retry with the remediation block, back off without consuming an attempt,
 * escalate, fail over, fail, re-queue, block). Every decision is an event. It ends with an attempt
 * ready for delivery, or with the task's outcome.
 * A failure that crosses `compactAfterFailures` compacts the runs (`Recompact`): the next attempt is a
 * fresh session with the condensed block instead of the evidence. A decision stop ends the claim (`DecisionStop`).
 */
import { Effect } from "effect"
import type { AgentBackends } from "../agents/AgentBackend.js"
import { remediationBlock } from "../classify/Classifier.js"
import type { Compaction } from "../context/Compaction.js"
import type { Decisions } from "../decisions/Decisions.js"
import type { ErrorClassKey } from "../domain/ErrorClass.js"
import type { Repo } from "../domain/Repo.js"
import type { Run } from "../domain/Run.js"
import type { Task } from "../domain/Task.js"
import type { Outcome } from "../queue/Queue.js"
import type { Events } from "../store/Events.js"
import type { Runs } from "../store/Runs.js"
import type { Settings } from "../store/Settings.js"
import type { VerifyCommands } from "../verify/Verify.js"
import type { Workspace, Worktree } from "../workspace/Workspace.js"
import type { AttemptInput, AttemptOutcome, Leg } from "./Attempt.js"
import { type Gate, stateOf } from "./BudgetGate.js"
import { type BackoffPolicy, decide } from "./Decide.js"
import type { FailoverNote } from "./Deliver.js"
import * as DecisionStop from "./DecisionStop.js"
import * as Prompt from "./Prompt.js"
import * as Recompact from "./Recompact.js"
import type { StepError } from "./RunTaskError.js"

export interface LoopInput {
  readonly task: Task
  readonly repo: Repo | null
  readonly worktree: Worktree
  /** The primary leg, then the backup when one is set. */
  readonly legs: ReadonlyArray<Leg>
  readonly workerId: string
  readonly verifyCommands: VerifyCommands
  /** Extra sections of a full prompt (the repo map); built once, only if a full prompt is needed. */
  readonly sections: Effect.Effect<ReadonlyArray<{ readonly title: string; readonly body: string }>>
  /** Sections a resumed session gets on the claim's first attempt (a person's decisions). */
  readonly resumeSections?: Effect.Effect<ReadonlyArray<{ readonly title: string; readonly body: string }>> | undefined
}

export type LoopEnd =
  | { readonly _tag: "ready"; readonly attempt: AttemptOutcome; readonly failover: FailoverNote | null }
  | { readonly _tag: "ended"; readonly outcome: Outcome }

export interface LoopServices {
  readonly runs: typeof Runs.Service
  readonly events: typeof Events.Service
  readonly workspace: typeof Workspace.Service
  readonly backends: typeof AgentBackends.Service
  readonly attempt: (input: AttemptInput) => Effect.Effect<AttemptOutcome, StepError>
  readonly gate: { readonly check: (task: Task, runs: ReadonlyArray<Run>) => Effect.Effect<Gate, StepError> }
  readonly backoff: BackoffPolicy
  readonly compaction: typeof Compaction.Service
  readonly settings: typeof Settings.Service
  readonly decisions: typeof Decisions.Service
}

interface Remediation {
  readonly block: string
  readonly continuation: boolean
}

/** The session a leg starts with: the last one of its vendor (primary), kept across a model-only switch. */
const sessionAtStart = (leg: Leg, index: number, previous: ReadonlyArray<Run>, current: string | null, from: Leg | null) => {
  if (leg.vendor === "command") return null
  if (index === 0) return [...previous].reverse().find((r) => r.vendor === leg.vendor && r.sessionId !== null)?.sessionId ?? null
  return from?.vendor === leg.vendor ? current : null
}

export const make = (s: LoopServices) =>
  Effect.fn("Loop.run")(function*(input: LoopInput) {
    const { task } = input
    const ref = { taskId: task.id }
    const maxAttempts = input.repo?.maxAttempts ?? 3
    const agentTimeoutMs = (input.repo?.agentTimeoutMinutes ?? 30) * 60_000
    const previous = yield* s.runs.forTask(task.id)
    let attemptNo = previous.reduce((max, r) => Math.max(max, r.attempt), 0)
    let failover: FailoverNote | null = null
    let remediation: Remediation | null = null
    let session: string | null = null
    // The condensed earlier runs, when this claim compacted them: the next fresh prompt's block.
    let compacted: string | null = null
    const recompact = yield* Recompact.make(s, task, previous)
    // After a failure: a new compaction replaces the evidence, and the next attempt starts a fresh session.
    const compactIfDue = Effect.map(recompact.due, (block) => {
      compacted = block
      if (block !== null) session = null
    })

    const fullPrompt = (full: Prompt.PromptContext) => Prompt.full(full, compacted, remediation?.block ?? null)

    const promptFor = (leg: Leg, resume: string | null) =>
      Effect.gen(function*() {
        const context = { task, repo: input.repo, worktree: input.worktree }
        if (leg.vendor === "command") {
          // What an LLM agent would get, for a custom agent (aider, a script) reading DEVSERVER_PROMPT_FILE.
          return { prompt: fullPrompt({ ...context, sections: yield* input.sections }), command: Prompt.command(task) }
        }
        if (resume !== null) {
          const prompt = remediation === null ? Prompt.resume({ ...context, sections: yield* (input.resumeSections ?? Effect.succeed([])) })
            : remediation.continuation ? Prompt.continuation(task)
            : Prompt.remediation(task, remediation.block)
          return { prompt, command: undefined }
        }
        return { prompt: fullPrompt({ ...context, sections: yield* input.sections }), command: undefined }
      })

    for (const [index, leg] of input.legs.entries()) {
      const backend = yield* s.backends.get(leg.vendor)
      session = sessionAtStart(leg, index, previous, session, index === 0 ? null : input.legs[index - 1]!)
      const classes: Array<ErrorClassKey> = []
      let legAttempts = 0
      let waits = 0
      let consume = true
      for (;;) {
        const gate = yield* s.gate.check(task, yield* s.runs.forTask(task.id))
        if (gate._tag === "stop") return { _tag: "ended", outcome: gate.outcome } satisfies LoopEnd
        if (consume) {
          attemptNo++
          legAttempts++
          waits = 0
        }
        const resume = session
        const { command, prompt } = yield* promptFor(leg, resume)
        const runsBefore = yield* s.runs.forTask(task.id)
        const known = runsBefore.map((r) => r.costUsd).filter((c): c is number => c !== null)
        const out = yield* s.attempt({
          task,
          repo: input.repo,
          worktree: input.worktree,
          leg,
          backend,
          attempt: attemptNo,
          prompt,
          command,
          resumeSessionId: resume,
          sessionTurns: resume === null ? 0 : runsBefore.filter((r) => r.sessionId === resume).reduce((sum, r) => sum + (r.turns ?? 0), 0),
          timeoutMs: Math.max(1, Math.min(agentTimeoutMs, gate.wallLeftMs)),
          workerId: input.workerId,
          verifyCommands: input.verifyCommands,
          spentUsd: known.length === 0 ? null : known.reduce((a, b) => a + b, 0)
        })
        if (leg.vendor !== "command") session = out.result.sessionId ?? session
        if (out.decision !== null) return { _tag: "ended", outcome: yield* DecisionStop.outcomeOf(s.decisions, task, out.decision) } satisfies LoopEnd
        if (out.failure === null) return { _tag: "ready", attempt: out, failover } satisfies LoopEnd

        const { classification: c, output, source } = out.failure
        const action = decide(
          { classes, attempts: legAttempts, maxAttempts, waits, backupLeft: index < input.legs.length - 1, now: new Date() },
          { class: c.class, severity: c.severity, usageLimit: out.failure.usageLimit },
          stateOf(task, yield* s.runs.forTask(task.id)),
          s.backoff,
          Math.random()
        )
        const runRef = { taskId: task.id, runId: out.run.id }
        const shown = action._tag === "retry" && action.continuation ? "continue" : action._tag
        yield* s.events.append({ type: "error_classified", key: c.class, severity: c.severity, hint: c.hint, evidence: c.evidence, tool: c.tool, rule: c.rule, source, action: shown }, runRef)
        if ((action._tag === "failover" || action._tag === "fail") && action.escalated) {
          yield* s.events.append({ type: "escalated", key: c.class, reason: action.reason }, runRef)
        }
        switch (action._tag) {
          case "retry":
            classes.push(c.class)
            remediation = { block: remediationBlock(c, output), continuation: action.continuation }
            yield* compactIfDue
            consume = true
            continue
          case "backoff":
            yield* s.events.append({ type: "rate_limit_backoff", attempt: action.wait, waitMs: action.waitMs, vendor: leg.vendor, by: "pipeline" }, runRef)
            yield* Effect.sleep(action.waitMs)
            waits = action.wait
            consume = false
            continue
          case "block":
            yield* s.events.append({ type: "budget_exceeded", ...action.budget }, runRef)
            return { _tag: "ended", outcome: { status: "blocked", reason: action.reason } } satisfies LoopEnd
          case "requeue":
            return { _tag: "ended", outcome: { status: "queued", reason: action.reason, delay: action.delayMs } } satisfies LoopEnd
          case "fail":
            return { _tag: "ended", outcome: { status: "failed", reason: `${c.class}: ${action.reason}`.slice(0, 500) } } satisfies LoopEnd
          case "failover": {
            const next = input.legs[index + 1]!
            remediation = { block: remediationBlock(c, output), continuation: false }
            yield* compactIfDue
            failover = { fromVendor: leg.vendor, fromModel: leg.model, toVendor: next.vendor, toModel: next.model, reason: action.reason }
            // Work in progress is kept for the backup (not for `untracked`, which never commits).
            if (input.task.gitFlow !== "untracked") {
              yield* s.workspace.commit(input.worktree, { title: `${task.title} (work in progress)`, trailers: { "DevServer-Task": task.key, "DevServer-Failover": leg.vendor } })
            }
            yield* next.vendor === leg.vendor
              ? s.events.append({ type: "backup_model_switch", vendor: leg.vendor, fromModel: leg.model, toModel: next.model ?? "default" }, ref)
              : s.events.append({ type: "vendor_failover", fromVendor: leg.vendor, toVendor: next.vendor, toModel: next.model }, ref)
          }
        }
        break
      }
    }
    return yield* Effect.dieMessage("the attempt loop ended without an outcome")
  })
