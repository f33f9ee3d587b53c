/** The `pr` and `commit` flows of a forge repo, over a `FlowContext` prepared by `DeliverLive`. */
import { Effect } from "effect"
import type { Repo } from "../domain/Repo.js"
import type { ForgeClient, ForgeError } from "../forge/Forge.js"
import { openOrUpdate } from "../forge/OpenPullRequest.js"
import type { DeliverError, DeliveryInput } from "../pipeline/Deliver.js"
import type { Outcome } from "../queue/Queue.js"
import type { EventRef, EventsService } from "../store/Events.js"
import * as Git from "../workspace/Git.js"
import { rebaseAndSquash } from "./CommitFlow.js"
import type { DeliveryConfig } from "./DeliveryConfig.js"
import type { PatchSet } from "./PatchExport.js"
import * as PrBody from "./PrBody.js"
import * as Push from "./Push.js"
import { withRetry } from "./Retry.js"

export interface FlowContext {
  readonly input: DeliveryInput
  readonly repo: Repo
  readonly auth: Git.GitAuth | undefined
  readonly settings: DeliveryConfig
  readonly events: EventsService
  readonly refOf: EventRef
  /** Files changed outside the approved plan (scope creep, reported, not blocking). */
  readonly outOfScope: ReadonlyArray<string>
  readonly exportFor: (base: string) => Effect.Effect<PatchSet, DeliverError>
  readonly fail: (reason: DeliverError["reason"], detail: string) => DeliverError
  /** Records a forge failure on the run and fails the step with it. */
  readonly record: (reason: DeliverError["reason"]) => (e: ForgeError) => Effect.Effect<never, DeliverError>
  readonly store: <A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<A, DeliverError>
  readonly setPrUrl: (url: string) => Effect.Effect<void, DeliverError>
  readonly recordConflict: (detail: string, files: ReadonlyArray<string>) => Effect.Effect<void, DeliverError>
}

const retried = <A, E>(ctx: FlowContext, what: string, effect: Effect.Effect<A, E>) =>
  withRetry(ctx.settings.retry, effect, (e, waitMs, n) =>
    ctx.events.append({ type: "log_line", stream: "system", line: `${what} failed (${e.reason}: ${e.detail}); retry ${n} in ${Math.ceil(waitMs / 1000)} s` }, ctx.refOf).pipe(
      Effect.zipRight(Effect.logWarning(`${ctx.input.task.key}: ${what}: ${e.message}; retry ${n} in ${waitMs} ms`)),
      Effect.ignore
    ))

const head = (ctx: FlowContext) =>
  Effect.tryPromise({ try: () => Git.client(ctx.input.worktree.path, ctx.settings.env).raw(["rev-parse", "HEAD"]), catch: () => ctx.fail("GitFailed", "HEAD unreadable") }).pipe(
    Effect.map((s) => s.trim())
  )

/** `pr`: push the task branch (force-with-lease), then open or update its pull request. */
export const pullRequest = (ctx: FlowContext, client: ForgeClient): Effect.Effect<Outcome, DeliverError> =>
  Effect.gen(function*() {
    const { input, repo } = ctx
    const set = yield* ctx.exportFor(input.worktree.baseCommit)
    const ref = `refs/heads/${input.worktree.branch}`
    yield* retried(ctx, "push", Push.push(input.worktree.path, ctx.settings.env, ctx.auth, ref, ref, true)).pipe(Effect.catchAll(ctx.record("PushFailed")))
    yield* ctx.store(ctx.events.append({ type: "pushed", branch: input.worktree.branch, commit: yield* head(ctx) }, ctx.refOf))
    const pr = yield* retried(ctx, "pull request", openOrUpdate(client, {
      title: PrBody.title(input),
      body: PrBody.body(input, set, ctx.outOfScope),
      head: input.worktree.branch,
      base: repo.defaultBranch
    })).pipe(Effect.catchAll(ctx.record("ForgeFailed")))
    yield* ctx.setPrUrl(pr.pr.url)
    yield* ctx.store(ctx.events.append({ type: "pr_opened", url: pr.pr.url, number: pr.pr.number, reused: pr.reused }, ctx.refOf))
    return { status: "review", reason: `PR ${pr.reused ? "updated" : "opened"}: ${pr.pr.url}` } satisfies Outcome
  })

const ROUNDS = 3

/** `commit`: rebase onto the fresh default branch, squash, push without force; a conflict fails the task. */
export const commit = (ctx: FlowContext): Effect.Effect<Outcome, DeliverError> =>
  Effect.gen(function*() {
    const { input, repo, settings } = ctx
    const message = `${PrBody.title(input)}\n\nDevServer-Task: ${input.task.key}\nDevServer-Run: ${input.run.id}\n`
    // The default branch may move between our fetch and our push: rebase again, a few times.
    for (let round = 1; round <= ROUNDS; round++) {
      const squashed = yield* retried(ctx, "fetch", rebaseAndSquash({
        cwd: input.worktree.path, defaultBranch: repo.defaultBranch, message,
        identity: { name: settings.authorName, email: settings.authorEmail }, env: settings.env, auth: ctx.auth
      })).pipe(Effect.catchAll((e) => (typeof e === "string" ? Effect.fail(ctx.fail("GitFailed", e)) : ctx.record("PushFailed")(e))))
      if (squashed._tag === "Conflict") {
        yield* ctx.recordConflict(squashed.detail, squashed.files)
        return { status: "failed", reason: `vcs_conflict: the task's changes conflict with ${repo.defaultBranch} in ${squashed.files.join(", ") || "some files"}; nothing pushed` } satisfies Outcome
      }
      if (squashed._tag === "Empty") return { status: "failed", reason: `nothing to deliver: ${repo.defaultBranch} already has these changes` } satisfies Outcome
      yield* ctx.exportFor(squashed.base)
      const pushed = yield* retried(ctx, "push", Push.push(input.worktree.path, settings.env, ctx.auth, "HEAD", `refs/heads/${repo.defaultBranch}`, false)).pipe(
        Effect.map(() => true),
        Effect.catchIf((e) => e.reason === "Conflict" && round < ROUNDS, () => Effect.succeed(false)),
        Effect.catchAll(ctx.record("PushFailed"))
      )
      if (!pushed) continue
      yield* ctx.store(ctx.events.append({ type: "pushed", branch: repo.defaultBranch, commit: squashed.commit }, ctx.refOf))
      return { status: "review", reason: `pushed ${squashed.commit.slice(0, 12)} to ${repo.defaultBranch}` } satisfies Outcome
    }
    return yield* ctx.fail("PushFailed", `${repo.defaultBranch} kept moving during ${ROUNDS} rebases`)
  })
