/**
 * The worker's handler for a claimed task: a short sequence of named steps, each in its
 * own module —
 *   context (`Prepare`: repo, vendor legs, workspace, repo map) →
 *   attempt (`Attempt`: agent, commit, verify) ⟲ classify (`Classify`) → decide (`Decide`), inside the
 *   loop (`Loop`, with the budget gate `BudgetGate` and failover) →
 *   deliver (`Deliver`).
 * A failed attempt is never an error: it ends in an outcome (`failed`, `blocked`, `queued` with a
 * delay). Errors are infrastructure failures, as a `TaskRunError` naming the step. When the fiber is
 * interrupted (cancel, lost lease, shutdown) the open run is closed `cancelled` and every process group
 * (agent, verifier) is killed with the scope.
 */
import { Cause, Config, Duration, Effect, Layer, type Scope } from "effect"
import * as Compaction from "../context/Compaction.js"
import * as Forecast from "../context/Forecast.js"
import * as Memory from "../context/Memory.js"
import * as Decisions from "../decisions/Decisions.js"
import * as PlanGate from "../gates/PlanGate.js"
import { Forge } from "../forge/Forge.js"
import * as ForgeLive from "../forge/ForgeLive.js"
import { Llm } from "../llm/Llm.js"
import * as TaskLog from "../logging/TaskLog.js"
import * as LlmLive from "../llm/LlmLive.js"
import { AgentBackends } from "../agents/AgentBackend.js"
import { Spend } from "../budget/Spend.js"
import type { Task } from "../domain/Task.js"
import type { Outcome } from "../queue/Queue.js"
import { type TaskContext, type TaskRunError, TaskRunner } from "../queue/TaskRunner.js"
import { RepoMap } from "../repomap/RepoMap.js"
import { DataDir } from "../store/DataDir.js"
import { Events } from "../store/Events.js"
import { Repos } from "../store/Repos.js"
import { Runs } from "../store/Runs.js"
import { Settings } from "../store/Settings.js"
import { Tasks } from "../store/Tasks.js"
import { Verify } from "../verify/Verify.js"
import { Workspace } from "../workspace/Workspace.js"
import * as Attempt from "./Attempt.js"
import * as BudgetGate from "./BudgetGate.js"
import type { BackoffPolicy } from "./Decide.js"
import { Deliver, totalsOf } from "./Deliver.js"
import * as Grounding from "./Grounding.js"
import * as Loop from "./Loop.js"
import * as Prepare from "./Prepare.js"
import { toTaskRunError } from "./RunTaskError.js"

export interface RunTaskConfig {
  /** Waits before re-running a rate-limited attempt (30 s, 60 s, 120 s + up to 20 % jitter by default). */
  readonly backoff: BackoffPolicy
  /** PATH of the pipeline's own git calls. */
  readonly path: string
}

export const config: Config.Config<RunTaskConfig> = Config.all({
  backoff: Config.all({
    waitsMs: Config.array(Config.duration("DEVSERVER_RATE_LIMIT_BACKOFF")).pipe(
      Config.map((ds) => ds.map((d) => Duration.toMillis(d))),
      Config.withDefault([30_000, 60_000, 120_000])
    ),
    jitter: Config.number("DEVSERVER_RATE_LIMIT_JITTER").pipe(Config.withDefault(0.2))
  }),
  path: Config.string("PATH").pipe(Config.withDefault("/usr/local/bin:/usr/bin:/bin"))
})

export const make = (settings: RunTaskConfig) =>
  Effect.gen(function*() {
    const runs = yield* Runs
    const events = yield* Events
    const tasks = yield* Tasks
    const workspace = yield* Workspace
    const backends = yield* AgentBackends
    const deliver = yield* Deliver
    const dataDir = (yield* DataDir).path
    const gate = BudgetGate.make({ events, settings: yield* Settings, spend: yield* Spend })
    const prepare = Prepare.make({ repos: yield* Repos, settings: yield* Settings, workspace, repoMap: yield* RepoMap, events })
    const decisions = yield* Decisions.Decisions
    const compaction = yield* Compaction.Compaction
    const attempt = Attempt.make({ runs, events, tasks, workspace, verify: yield* Verify, decisions, dataDir, gitEnv: { PATH: settings.path, HOME: dataDir } })
    const loop = Loop.make({ runs, events, workspace, backends, attempt, gate, backoff: settings.backoff, compaction, settings: yield* Settings, decisions })
    const memory = yield* Memory.Memory
    const grounding = Grounding.make({
      memory, forecast: yield* Forecast.Forecast, planGate: yield* PlanGate.PlanGate, compaction, decisions, llm: yield* Llm,
      settings: yield* Settings, events, runs, forge: yield* Forge, repos: yield* Repos, dataDir
    })

    /** The task's own log: where the run starts and ends, and (through `CurrentTaskLog`) the agent's output. */
    const withTaskLog = (task: Task, context: TaskContext) => (self: Effect.Effect<Outcome, TaskRunError, Scope.Scope>) => {
      const file = TaskLog.pathOf(dataDir, task.key)
      if (file === null) return self
      const note = (text: string) => Effect.clockWith((clock) => Effect.sync(() => TaskLog.append(file, TaskLog.line(new Date(clock.unsafeCurrentTimeMillis()), "INFO", text))))
      return note(`run started on worker ${context.workerId}`).pipe(
        Effect.zipRight(self),
        Effect.tap((outcome) => note(`run ended: ${outcome.status}${outcome.reason === undefined ? "" : ` (${outcome.reason})`}`)),
        Effect.tapErrorCause((cause) => note(`run stopped: ${Cause.pretty(cause).split("\n")[0]}`)),
        Effect.provideService(TaskLog.CurrentTaskLog, file)
      )
    }

    /** After an outcome the next tasks can learn from, a memory record (a failure to store it is only logged). */
    const remember = (task: Task, outcome: Outcome) =>
      Effect.gen(function*() {
        const kind = outcome.status === "review" ? "succeeded" : outcome.status === "failed" ? "failed" : outcome.status === "blocked" ? "blocked" : null
        if (kind === null || outcome.reason === PlanGate.PLAN_AWAITING || outcome.reason?.startsWith(Decisions.DECISION_PENDING)) return
        const all = yield* runs.forTask(task.id)
        yield* memory.record(task, kind, {
          errorClasses: all.flatMap((r) => (r.errorClass === null ? [] : [r.errorClass])),
          prUrl: [...all].reverse().find((r) => r.prUrl !== null)?.prUrl ?? null,
          costUsd: all.reduce((sum, r) => sum + (r.costUsd ?? 0), 0)
        })
      }).pipe(Effect.catchAll((e) => Effect.logWarning(`no memory record for ${task.key}: ${e.message}`)))

    const run = (task: Task, context: TaskContext): Effect.Effect<Outcome, TaskRunError, Scope.Scope> =>
      Effect.gen(function*() {
        const prepared = yield* prepare(task).pipe(Effect.mapError(toTaskRunError(task.key, "context")))
        if ("blocked" in prepared) return { status: "blocked", reason: prepared.blocked } satisfies Outcome
        const grounded = yield* grounding({ task, repo: prepared.repo, worktree: prepared.worktree, sections: prepared.sections }).pipe(
          Effect.mapError(toTaskRunError(task.key, "context"))
        )
        if ("blocked" in grounded) return { status: "blocked", reason: grounded.blocked } satisfies Outcome
        const end = yield* loop({ task, ...prepared, sections: grounded.sections, resumeSections: grounded.resumeSections, workerId: context.workerId }).pipe(Effect.mapError(toTaskRunError(task.key)))
        if (end._tag === "ended") return end.outcome
        const all = yield* runs.forTask(task.id).pipe(Effect.mapError(toTaskRunError(task.key, "deliver")))
        const report = end.attempt.verification
        return yield* deliver.deliver({
          task,
          repo: prepared.repo,
          worktree: prepared.worktree,
          run: end.attempt.run,
          runs: all,
          summary: end.attempt.result.finalText,
          verification: report?.results ?? [],
          verificationSkipped: task.skipVerification,
          totals: totalsOf(all),
          failover: end.failover
        }).pipe(Effect.mapError(toTaskRunError(task.key, "deliver")))
      }).pipe(
        Effect.tap((outcome) => remember(task, outcome)),
        withTaskLog(task, context),
        Effect.withSpan("RunTask.run")
      )

    return TaskRunner.of({ run })
  })

/** Memory, forecast, plan gate, compaction, decisions and the forge (open-PR signal) over the store, with the given system LLM. */
const groundingLayer = <E, R>(llm: Layer.Layer<Llm, E, R>) =>
  Layer.mergeAll(Memory.layer, Forecast.layer, PlanGate.layer, Compaction.layer, Decisions.layer, ForgeLive.layer).pipe(Layer.provideMerge(llm))

/** The pipeline's `TaskRunner`, configured from Config (needs a `Deliver`, `Verify` and `Spend`). */
export const layer = Layer.effect(TaskRunner, Effect.flatMap(config, make)).pipe(Layer.provide(groundingLayer(LlmLive.layerConfig)))

/** For tests: a fixed configuration (the system LLM from Config). */
export const layerWith = (settings: RunTaskConfig) => layerWithLlm(settings, LlmLive.layerConfig)

/** For tests: a fixed configuration and a given system LLM. */
export const layerWithLlm = <E, R>(settings: RunTaskConfig, llm: Layer.Layer<Llm, E, R>) =>
  Layer.effect(TaskRunner, make(settings)).pipe(Layer.provide(groundingLayer(llm)))
