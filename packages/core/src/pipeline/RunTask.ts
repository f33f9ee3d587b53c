/**
 * The worker's handler for a claimed task (PRODUCT §4, steps 2–4 without verification yet):
 * workspace → repo map (first prompt only; `repo_map_built`) → agent (live events) → commit what the
 * agent left, recording the run's cost, turns, tokens, duration, exit code and error class. A later
 * run of the same task and vendor resumes the agent's session. Provides `TaskRunner` for the queue's
 * Worker.
 *
 * The agent's failures are outcomes (`failed`, or `queued` with a delay for rate and usage limits); a
 * local repo with uncommitted changes or a refused flow is `blocked` (the user has to act); other
 * workspace, store and spawn failures are errors (the worker ends the task `failed`). When the
 * fiber is interrupted (cancel, lost lease, shutdown) the run is closed as `cancelled` and the agent's
 * process group is killed with the scope.
 */
import { Config, Duration, Effect, Layer, type Scope } from "effect"
import * as path from "node:path"
import type { Repo } from "../domain/Repo.js"
import type { Task } from "../domain/Task.js"
import { type AgentEvent, type AgentResult, AgentBackends } from "../agents/AgentBackend.js"
import type { Outcome } from "../queue/Queue.js"
import { RepoMap } from "../repomap/RepoMap.js"
import { TaskRunner, type TaskContext } from "../queue/TaskRunner.js"
import { DataDir } from "../store/DataDir.js"
import { Events } from "../store/Events.js"
import { Repos } from "../store/Repos.js"
import { Runs } from "../store/Runs.js"
import { Settings } from "../store/Settings.js"
import { Workspace } from "../workspace/Workspace.js"
import * as Prompt from "./Prompt.js"

export interface RunTaskConfig {
  /** How long a rate-limited task waits before it is claimable again. */
  readonly rateLimitDelay: Duration.Duration
}

export const config: Config.Config<RunTaskConfig> = Config.all({
  rateLimitDelay: Config.duration("DEVSERVER_RATE_LIMIT_DELAY").pipe(Config.withDefault(Duration.minutes(2)))
})

/** What a finished run means for the task. */
export const outcomeOf = (result: AgentResult, settings: RunTaskConfig): Outcome => {
  if (result.errorClass === null) return { status: "review" }
  const reason = `${result.errorClass}${result.errorExcerpt ? `: ${result.errorExcerpt}` : ""}`.slice(0, 500)
  if (result.errorClass === "agent.rate_limited") return { status: "queued", reason, delay: settings.rateLimitDelay }
  if (result.errorClass === "agent.usage_limit") {
    const wait = result.usageLimit?.resetAt ? Math.max(60_000, result.usageLimit.resetAt.getTime() - Date.now()) : 3_600_000
    return { status: "queued", reason, delay: Duration.millis(wait) }
  }
  return { status: "failed", reason }
}

export const make = (settings: RunTaskConfig) =>
  Effect.gen(function*() {
    const repos = yield* Repos
    const runs = yield* Runs
    const events = yield* Events
    const workspace = yield* Workspace
    const backends = yield* AgentBackends
    const dataDir = (yield* DataDir).path
    const repoMap = yield* RepoMap
    const settingsStore = yield* Settings

    /** §4 step 3: the repo map for the first prompt, as a prompt section; a failed map is only logged. */
    const mapSection = (task: Task, root: string, ref: { taskId: number; runId: number }) =>
      repoMap.build(root, { taskText: [task.title, task.description, task.acceptance].join("\n") }).pipe(
        Effect.tap(({ stats }) => events.append({ type: "repo_map_built", ...stats }, ref)),
        Effect.map((map) => [{ title: "Repository map", body: map.text }]),
        Effect.catchAll((e) => Effect.as(Effect.logWarning(`no repo map for ${task.key}: ${e.message}`), []))
      )

    const run = Effect.fn("RunTask.run")(function*(task: Task, context: TaskContext) {
      const repo: Repo | null = task.repo === null ? null : yield* repos.get(task.repo)
      // Task, else repo, else the installation's `defaultVendor` setting (read live); a default model
      // belongs to its own default vendor only.
      const fallbackVendor = yield* settingsStore.get("defaultVendor")
      const vendor = task.vendor ?? repo?.defaultVendor ?? fallbackVendor
      const model = task.model ??
        (repo !== null && repo.defaultVendor === vendor ? repo.defaultModel : null) ??
        (vendor === fallbackVendor ? yield* settingsStore.get("defaultModel") : null)
      const backend = yield* backends.get(vendor)
      const prepared = yield* workspace.acquire(task, repo).pipe(
        // The user has to act (commit their own work, pick another flow): not a failure to retry.
        Effect.catchIf((e) => e.reason === "DirtyTree" || e.reason === "FlowRefused", (e) => Effect.succeed({ blocked: e.detail }))
      )
      if ("blocked" in prepared) return { status: "blocked", reason: prepared.blocked } satisfies Outcome
      const worktree = prepared

      const previous = yield* runs.forTask(task.id)
      const attempt = previous.reduce((max, r) => Math.max(max, r.attempt), 0) + 1
      const resumable = [...previous].reverse().find((r) => r.vendor === vendor && r.sessionId !== null)
      const resumeSessionId = vendor === "command" ? null : resumable?.sessionId ?? null
      const spentUsd = previous.reduce((sum, r) => sum + (r.costUsd ?? 0), 0)

      const started = yield* runs.start({ taskId: task.id, attempt, vendor, model, workerId: context.workerId, branch: worktree.branch })
      const ref = { taskId: task.id, runId: started.id }
      yield* events.append({ type: "attempt_started", attempt, vendor, model, resume: resumeSessionId !== null }, ref)

      const onEvent = (event: AgentEvent) =>
        events.append(event, ref).pipe(
          Effect.asVoid,
          Effect.catchAll((e) => Effect.logWarning(`dropped a live event of ${task.key}: ${e.message}`))
        )
      const timeoutMinutes = repo?.agentTimeoutMinutes ?? 30
      const timeoutMs = Math.min(timeoutMinutes * 60_000, (task.maxWallSeconds ?? Infinity) * 1000)
      // A resumed session already holds the context; the command vendor has no prompt to extend.
      const sections = repo === null || vendor === "command" || resumeSessionId !== null ? [] : yield* mapSection(task, worktree.path, ref)
      const promptContext = { task, repo, worktree, sections }
      const result = yield* backend.run({
        taskKey: task.key,
        prompt: vendor === "command" ? Prompt.command(task) : resumeSessionId !== null ? Prompt.resume(promptContext) : Prompt.initial(promptContext),
        cwd: worktree.path,
        model,
        maxTurns: task.maxTurns,
        resumeSessionId,
        billingMode: task.billingMode,
        timeoutMs,
        configHome: path.join(dataDir, "agent-home", task.key, vendor),
        logFile: path.join(dataDir, "logs", task.key, `run-${started.id}.log`),
        onEvent
      }).pipe(
        Effect.onInterrupt(() =>
          runs.finish(started.id, { status: "cancelled", errorClass: "cancelled" }).pipe(
            Effect.catchAll((e) => Effect.logWarning(`could not close run ${started.id}: ${e.message}`))
          )
        ),
        Effect.tapError((e) =>
          runs.finish(started.id, { status: "failed", errorClass: "agent.failed", errorExcerpt: e.message }).pipe(Effect.ignoreLogged)
        )
      )

      // A failed attempt's edits stay uncommitted in the worktree, where the next attempt finds them.
      if (result.errorClass === null && task.gitFlow !== "untracked") {
        const commit = yield* workspace.commit(worktree, {
          title: task.title,
          trailers: { "DevServer-Task": task.key, "DevServer-Run": String(started.id) }
        })
        if (commit !== null) yield* events.append({ type: "committed", commit: commit.sha, files: commit.files }, ref)
      }
      yield* events.append({
        type: "cost_update",
        costUsd: result.costUsd ?? 0,
        totalUsd: spentUsd + (result.costUsd ?? 0),
        ...(result.tokensIn === null ? {} : { tokensIn: result.tokensIn }),
        ...(result.tokensOut === null ? {} : { tokensOut: result.tokensOut })
      }, ref)
      yield* runs.finish(started.id, {
        status: result.errorClass === null ? "succeeded" : "failed",
        sessionId: result.sessionId,
        turns: result.turns,
        costUsd: result.costUsd,
        tokensIn: result.tokensIn,
        tokensOut: result.tokensOut,
        exitCode: result.exitCode,
        errorClass: result.errorClass,
        errorExcerpt: result.errorExcerpt
      })
      return outcomeOf(result, settings)
    })

    return TaskRunner.of({ run: (task, context): Effect.Effect<Outcome, unknown, Scope.Scope> => run(task, context) })
  })

/** The pipeline's `TaskRunner`, configured from Config. */
export const layer = Layer.effect(TaskRunner, Effect.flatMap(config, make))

/** For tests: a fixed configuration. */
export const layerWith = (settings: RunTaskConfig) => Layer.effect(TaskRunner, make(settings))
