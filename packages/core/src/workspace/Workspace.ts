/**
 * Where an agent works on a task. Forge repos get a bare cache clone per repo (fetched
 * before each task) and one git worktree per task on `agent/<key>`; local repos are worked on in the
 * user's own folder under the safety rules (no clone, fetch, push, reset, clean or force, ever).
 *
 * Failures of git itself are `WorkspaceError`s (not defects): a fetch can fail because the forge is
 * down, and the caller classifies that like any other failure.
 */
import { Context, type Effect, Schema, type Scope } from "effect"
import type { Repo } from "../domain/Repo.js"
import type { Task } from "../domain/Task.js"

/** Why preparing or committing a workspace failed. */
export class WorkspaceError extends Schema.TaggedError<WorkspaceError>()("WorkspaceError", {
  taskKey: Schema.String,
  reason: Schema.Literal(
    "CloneFailed", // the bare cache could not be created
    "FetchFailed", // the forge could not be reached or refused
    "WorktreeFailed", // `git worktree add` or the branch switch failed
    "DirtyTree", // a local repo has uncommitted changes and the flow would commit
    "FlowRefused", // `pr`/`commit` on a local repo
    "SetupFailed", // the repo's setup command exited non-zero
    "CommitFailed",
    "GitFailed"
  ),
  detail: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    return `workspace of ${this.taskKey}: ${this.reason}: ${this.detail}`
  }
}

/** A prepared workspace: a folder on the task's branch. */
export interface Worktree {
  readonly taskKey: string
  /** Absolute path the agent runs in. */
  readonly path: string
  /** `agent/<key>`, or the user's current branch for a local `untracked` task. */
  readonly branch: string
  /** The commit the workspace started from (used to count the task's own commits). */
  readonly baseCommit: string
  /** Whether the branch already had commits from an earlier run (continued, not recreated). */
  readonly continued: boolean
  /** A local repo: the user's folder. */
  readonly local: boolean
}

export interface CommitResult {
  readonly sha: string
  readonly files: number
}

export interface WorkspaceService {
  /**
   * Prepares the task's workspace for the lifetime of the scope: fetches the cache, adds or reuses the
   * worktree (also one left by a crashed worker), runs `setup` once per worktree. Closing the scope
   * keeps a forge worktree for follow-ups and restores the user's branch of a local repo.
   * `repo` null = a scratch folder (a fresh git repository) for repo-less tasks.
   */
  readonly acquire: (task: Task, repo: Repo | null) => Effect.Effect<Worktree, WorkspaceError, Scope.Scope>
  /**
   * Commits everything the agent left (new, changed and deleted files) with the agent identity and
   * the message `[KEY] title` plus trailers. None when there was nothing to commit.
   */
  readonly commit: (worktree: Worktree, message: { readonly title: string; readonly trailers: Record<string, string> }) => Effect.Effect<CommitResult | null, WorkspaceError>
}

export class Workspace extends Context.Tag("@devserver/core/workspace/Workspace")<Workspace, WorkspaceService>() {}

/** The branch a task's work lives on. Task keys are validated (no `/`, `..`, spaces), so this is a safe ref. */
export const branchFor = (taskKey: string): string => `agent/${taskKey}`
