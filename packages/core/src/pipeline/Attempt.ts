/**
 * The attempt step (one pass): a new run → the agent with live events → its cost →
 * commit what it left (not for `untracked`) → did the task change at all → verification (task and run
 * `verifying`) → the run closed with its class and verification results. A failure of the agent or of
 * a step is a classified result; only infrastructure failures are errors. Interrupting it (a cancel)
 * closes the run `cancelled` and kills the agent's or verifier's process group.
 * While the agent runs, a per-attempt decision endpoint (`DecisionHook`) answers the agent's
 * "may I?" before side-effecting actions; when it raised a decision, the run is closed `cancelled`
 * (`decision_pending`) after its work is committed, and the outcome names the decision.
 */
import { Effect } from "effect"
import * as path from "node:path"
import type { AgentBackend, AgentEvent, AgentResult } from "../agents/AgentBackend.js"
import * as DecisionHook from "../decisions/DecisionHook.js"
import type { Decisions } from "../decisions/Decisions.js"
import type { EventPayload } from "../domain/PipelineEvent.js"
import type { Repo } from "../domain/Repo.js"
import type { Run } from "../domain/Run.js"
import type { Task } from "../domain/Task.js"
import type { Runs } from "../store/Runs.js"
import type { Events } from "../store/Events.js"
import type { Tasks } from "../store/Tasks.js"
import type { Verify, VerifyCommands, VerifyReport } from "../verify/Verify.js"
import type { GitEnv } from "../workspace/Git.js"
import type { Workspace, Worktree } from "../workspace/Workspace.js"
import { hasWork } from "./Changes.js"
import { type Classified, fileTail, ofAgent, ofNoChanges, ofVerify } from "./Classify.js"

/** Where a task's vendor loop stands: which vendor and model. */
export interface Leg {
  readonly vendor: string
  readonly model: string | null
}

export interface AttemptInput {
  readonly task: Task
  readonly repo: Repo | null
  readonly worktree: Worktree
  readonly leg: Leg
  readonly backend: AgentBackend
  readonly attempt: number
  readonly prompt: string
  /** The `command` vendor's command line. */
  readonly command: string | undefined
  readonly resumeSessionId: string | null
  /** Turns the resumed session already holds (0 for a new session). */
  readonly sessionTurns: number
  readonly timeoutMs: number
  readonly workerId: string
  readonly verifyCommands: VerifyCommands
  /** Known cost of the task's earlier runs (for `cost_update.totalUsd`); null while none is known. */
  readonly spentUsd: number | null
}

export interface AttemptOutcome {
  /** The closed run. */
  readonly run: Run
  readonly result: AgentResult
  readonly verification: VerifyReport | null
  /** null: the agent succeeded, the task has work, and every verification step passed. */
  readonly failure: Classified | null
  /** The decision the agent raised and a person must make; the attempt stopped there. */
  readonly decision: DecisionHook.Raised | null
}

export interface AttemptServices {
  readonly runs: typeof Runs.Service
  readonly events: typeof Events.Service
  readonly tasks: typeof Tasks.Service
  readonly workspace: typeof Workspace.Service
  readonly verify: typeof Verify.Service
  readonly decisions: typeof Decisions.Service
  readonly dataDir: string
  readonly gitEnv: GitEnv
}

export const make = (s: AttemptServices) =>
  Effect.fn("Attempt.run")(function*(input: AttemptInput) {
    const { task, worktree } = input
    const started = yield* s.runs.start({
      taskId: task.id,
      attempt: input.attempt,
      vendor: input.leg.vendor,
      model: input.leg.model,
      workerId: input.workerId,
      branch: worktree.branch
    })
    const ref = { taskId: task.id, runId: started.id }
    const logFile = path.join(s.dataDir, "logs", task.key, `run-${started.id}.log`)
    const configHome = path.join(s.dataDir, "agent-home", task.key, input.leg.vendor)
    yield* s.events.append({ type: "attempt_started", attempt: input.attempt, vendor: input.leg.vendor, model: input.leg.model, resume: input.resumeSessionId !== null }, ref)

    const failedTools: Array<string> = []
    const emit = (event: EventPayload) =>
      s.events.append(event, ref).pipe(
        Effect.asVoid,
        Effect.catchAll((e) => Effect.logWarning(`dropped a live event of ${task.key}: ${e.message}`))
      )
    const onEvent = (event: AgentEvent) => {
      if (event.type === "agent_tool_result" && !event.ok) failedTools.push(`${event.tool}: ${event.summary}`)
      return emit(event)
    }

    const body = Effect.scoped(Effect.gen(function*() {
      const hook = yield* DecisionHook.make(s.decisions, task.id, started.id)
      const result = yield* input.backend.run({
        taskKey: task.key,
        prompt: input.prompt,
        command: input.command,
        attempt: input.attempt,
        cwd: worktree.path,
        model: input.leg.model,
        maxTurns: task.maxTurns,
        resumeSessionId: input.resumeSessionId,
        sessionTurns: input.sessionTurns,
        billingMode: task.billingMode,
        timeoutMs: input.timeoutMs,
        configHome,
        logFile,
        onEvent,
        decisionHook: hook.endpoint
      })
      yield* s.events.append({
        type: "cost_update",
        costUsd: result.costUsd,
        totalUsd: result.costUsd === null ? input.spentUsd : (input.spentUsd ?? 0) + result.costUsd,
        ...(result.tokensIn === null ? {} : { tokensIn: result.tokensIn }),
        ...(result.tokensOut === null ? {} : { tokensOut: result.tokensOut })
      }, ref)
      const usage = {
        sessionId: result.sessionId,
        turns: result.turns,
        costUsd: result.costUsd,
        tokensIn: result.tokensIn,
        tokensOut: result.tokensOut,
        exitCode: result.exitCode
      }
      const close = (failure: Classified | null, verification: VerifyReport | null) =>
        s.runs.finish(started.id, {
          ...usage,
          status: failure === null ? "succeeded" : "failed",
          errorClass: failure?.classification.class ?? null,
          errorExcerpt: failure === null ? null : (failure.classification.evidence.join("\n") || failure.output.slice(-500)).slice(0, 2000),
          ...(verification === null ? {} : { verification: verification.results })
        }).pipe(Effect.map((run): AttemptOutcome => ({ run, result, verification, failure, decision: null })))
      const commitWork = task.gitFlow === "untracked" ? Effect.succeed(null) : s.workspace.commit(worktree, {
        title: task.title,
        trailers: { "DevServer-Task": task.key, "DevServer-Run": String(started.id) }
      }).pipe(Effect.tap((commit) => commit === null ? Effect.void : s.events.append({ type: "committed", commit: commit.sha, files: commit.files }, ref)))

      // The agent stopped for a person's decision: keep its work, end the attempt without judging it.
      const decision = yield* hook.raised
      if (decision !== null) {
        yield* commitWork
        const run = yield* s.runs.finish(started.id, { ...usage, status: "cancelled", errorClass: "decision_pending", errorExcerpt: decision.question })
        return { run, result, verification: null, failure: null, decision } satisfies AttemptOutcome
      }

      // A failed agent's edits stay uncommitted in the worktree, where the next attempt finds them.
      if (result.errorClass !== null) return yield* close(ofAgent(result, input.leg.vendor, fileTail(logFile)), null)

      yield* commitWork
      if (!(yield* hasWork(worktree, s.gitEnv))) return yield* close(ofNoChanges(failedTools, result.finalText), null)

      if (!Object.values(input.verifyCommands).some((c) => c.trim() !== "")) return yield* close(null, null)
      yield* s.tasks.transition(task.key, "verifying", { reason: `verifying attempt ${input.attempt}` })
      yield* s.runs.finish(started.id, { ...usage, status: "verifying" })
      const report = yield* s.verify.run({
        taskKey: task.key,
        cwd: worktree.path,
        commands: input.verifyCommands,
        home: path.join(s.dataDir, "verify-home", task.key),
        logFile,
        onEvent: (event) => emit(event)
      })
      if (report.failure === null) return yield* close(null, report)
      // Back to work: the loop decides what comes next from `running`.
      yield* s.tasks.transition(task.key, "running", { reason: `verification failed at ${report.failure.step}` })
      return yield* close(ofVerify(report.failure), report)
    }))

    return yield* body.pipe(
      Effect.onInterrupt(() =>
        s.runs.finish(started.id, { status: "cancelled", errorClass: "cancelled" }).pipe(
          Effect.catchAll((e) => Effect.logWarning(`could not close run ${started.id}: ${e.message}`))
        )
      ),
      Effect.tapError((e) =>
        s.runs.finish(started.id, { status: "failed", errorClass: "pipeline.error", errorExcerpt: e.message.slice(0, 2000) }).pipe(Effect.ignoreLogged)
      )
    )
  })
