/**
 * The real delivery step behind the pipeline's `Deliver` tag: preflight on the task's
 * commits, patch export for every delivery with commits, then the flow — `pr` (push `agent/<key>` with
 * force-with-lease, open or update the PR), `commit` (rebase onto the fresh default branch, squash, push
 * without force), `patch` (the exported series is the delivery), `untracked` (edits stay in the folder).
 * Forge calls and pushes are retried with backoff while the failure is transient; a failure that
 * remains is recorded on the run and returned as a `DeliverError`, never as a success.
 */
import { Effect, Layer, Option } from "effect"
import * as path from "node:path"
import type { Repo } from "../domain/Repo.js"
import { Forge, type ForgeError } from "../forge/Forge.js"
import { PlanGate } from "../gates/PlanGate.js"
import { targetOf, gitUsername } from "../forge/Target.js"
import { Deliver, DeliverError, type DeliveryInput } from "../pipeline/Deliver.js"
import * as Preflight from "../preflight/Preflight.js"
import type { Outcome } from "../queue/Queue.js"
import { DataDir } from "../store/DataDir.js"
import { Events } from "../store/Events.js"
import { Repos } from "../store/Repos.js"
import * as Git from "../workspace/Git.js"
import * as ForgeLive from "../forge/ForgeLive.js"
import { Deliveries, layer as DeliveriesLayer } from "./Deliveries.js"
import { type DeliveryConfig, config } from "./DeliveryConfig.js"
import { exportPatches } from "./PatchExport.js"
import * as Flows from "./Flows.js"

export const make = (settings: DeliveryConfig) =>
  Effect.gen(function*() {
    const repos = yield* Repos
    const events = yield* Events
    const deliveries = yield* Deliveries
    const forge = yield* Forge
    const dataDir = (yield* DataDir).path
    const askpass = path.join(dataDir, "bin")

    const fail = (input: DeliveryInput, reason: DeliverError["reason"], detail: string, cause?: unknown) =>
      new DeliverError({ taskKey: input.task.key, reason, detail, ...(cause === undefined ? {} : { cause }) })

    const store = <A, E>(input: DeliveryInput, effect: Effect.Effect<A, E>) =>
      Effect.mapError(effect, (e) => fail(input, "StoreFailed", String((e as { message?: string }).message ?? e), e))

    const tokenOf = (input: DeliveryInput, repo: Repo) =>
      store(input, repos.token(repo.name)).pipe(Effect.map((t) => Option.getOrNull(Option.orElse(t, () => settings.globalToken))))

    // An approved plan's files_to_touch is the scope allow-list (when the plan gate is wired).
    const plans = yield* Effect.serviceOption(PlanGate)
    const allowListOf = (input: DeliveryInput) =>
      Option.match(plans, {
        onNone: () => Effect.succeed(null),
        onSome: (gate) => store(input, gate.latest(input.task.id)).pipe(Effect.map((p) => (p?.status === "approved" ? p.plan.files_to_touch : null)))
      })

    const preflight = (input: DeliveryInput) =>
      Effect.flatMap(allowListOf(input), (allowList) => Preflight.check({
        cwd: input.worktree.path,
        base: input.worktree.baseCommit,
        allowList,
        authorEmail: settings.authorEmail,
        ignoreGlobs: settings.ignoreGlobs,
        maxFileBytes: settings.maxFileBytes
      }, settings.env).pipe(Effect.mapError((e) => fail(input, "GitFailed", e.message, e))))

    const exportFor = (input: DeliveryInput, base: string) =>
      Effect.gen(function*() {
        const dir = path.join(dataDir, "artifacts", input.task.key, `run-${input.run.id}`)
        const set = yield* exportPatches(input.worktree.path, base, "HEAD", dir, settings.env).pipe(Effect.mapError((d) => fail(input, "PatchFailed", d)))
        yield* store(input, deliveries.recordPatches(input.task.id, input.run.id, set))
        yield* store(input, events.append({ type: "patches_generated", count: set.commits, insertions: set.insertions, deletions: set.deletions }, refOf(input)))
        return set
      })

    const refOf = (input: DeliveryInput) => ({ taskId: input.task.id, runId: input.run.id })

    /** A forge failure that outlived its retries: recorded on the run, then the step's error. */
    const recordForge = (input: DeliveryInput, reason: DeliverError["reason"]) => (e: ForgeError) =>
      Effect.zipRight(
        store(input, deliveries.recordFailure(input.run.id, `delivery.${e.reason.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase()}`, e.message)),
        Effect.fail(fail(input, reason, e.message, e))
      )

    const deliver = Effect.fn("Deliver.deliver")(function*(input: DeliveryInput) {
      const { task, worktree } = input
      if (task.gitFlow === "untracked") {
        return { status: "review", reason: `changes left uncommitted in ${worktree.path}` } satisfies Outcome
      }
      const commits = yield* Git.attempt(task.key, "GitFailed", () => Git.client(worktree.path, settings.env).raw(["rev-list", "--count", `${worktree.baseCommit}..HEAD`])).pipe(
        Effect.map((n) => Number(n.trim())),
        Effect.mapError((e) => fail(input, "GitFailed", e.detail, e))
      )
      if (commits === 0) return { status: "failed", reason: "nothing to deliver: the agent left no changes" } satisfies Outcome

      const report = yield* preflight(input)
      const hard = report.violations.filter((v) => v.hard)
      if (hard.length > 0) {
        yield* store(input, events.append({ type: "preflight_failed", violations: report.violations.map((v) => ({ rule: v.rule, file: v.file, hard: v.hard })) }, refOf(input)))
        const list = hard.slice(0, 5).map((v) => `${v.rule}${v.kind ? ` ${v.kind}` : ""}${v.file ? ` in ${v.file}${v.line ? `:${v.line}` : ""}` : ""}`).join("; ")
        return { status: "blocked", reason: `preflight: ${hard.length} violation(s), nothing pushed: ${list}` } satisfies Outcome
      }
      // Scope creep alone does not block: the files outside the plan are named in the PR body.
      const outOfScope = report.violations.map((v) => v.file)
      yield* store(input, events.append({ type: "preflight_passed", files: report.files }, refOf(input)))

      const repo = input.repo
      if (repo === null || repo.provider === "local" || task.gitFlow === "patch") {
        const set = yield* exportFor(input, worktree.baseCommit)
        return { status: "review", reason: `${set.commits} patch(es) ready: ${set.mbox}` } satisfies Outcome
      }
      const token = yield* tokenOf(input, repo)
      const auth = token === null ? undefined : { askpass: Git.ensureAskpass(askpass), username: gitUsername(repo.provider), token }
      const context: Flows.FlowContext = {
        input, repo, auth, settings, events, refOf: refOf(input), outOfScope,
        exportFor: (base: string) => exportFor(input, base),
        fail: (reason, detail) => fail(input, reason, detail),
        record: (reason) => recordForge(input, reason),
        store: (effect) => store(input, effect),
        setPrUrl: (url) => store(input, deliveries.setPrUrl(input.run.id, url)),
        recordConflict: (detail, files) =>
          store(input, Effect.zipRight(
            deliveries.recordFailure(input.run.id, "vcs_conflict", detail),
            events.append({
              type: "error_classified", key: "vcs_conflict", severity: "hard",
              hint: `rebase onto ${repo.defaultBranch} conflicts; resolve by hand or re-run the task on the new ${repo.defaultBranch}`,
              evidence: files.slice(0, 10)
            }, refOf(input))
          ))
      }
      if (task.gitFlow === "commit") return yield* Flows.commit(context)
      const target = targetOf(repo, token)
      if (typeof target === "string") {
        yield* store(input, deliveries.recordFailure(input.run.id, "delivery.config", target))
        return yield* fail(input, "ForgeFailed", target)
      }
      const outcome: Outcome = yield* Flows.pullRequest(context, forge.client(target))
      return outcome
    })

    return Deliver.of({ deliver: (input) => deliver(input) as Effect.Effect<Outcome, DeliverError> })
  })

/** The delivery step over the real forge and git, configured from Config, with its records and forge client. */
export const layer = Layer.effect(Deliver, Effect.flatMap(config, make)).pipe(
  Layer.provideMerge(Layer.merge(DeliveriesLayer, ForgeLive.layer))
)

/** For tests: a fixed configuration. */
export const layerWith = (settings: DeliveryConfig) => Layer.effect(Deliver, make(settings))
