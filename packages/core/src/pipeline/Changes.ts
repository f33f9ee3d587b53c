/**
 * Whether a task's workspace holds any work: commits on the task's branch since its base, or (for
 * `untracked`, where nothing is committed) uncommitted changes. An attempt that leaves neither has
 * nothing to verify or deliver.
 */
import type { Effect } from "effect"
import * as Git from "../workspace/Git.js"
import type { Worktree, WorkspaceError } from "../workspace/Workspace.js"

export const hasWork = (worktree: Worktree, env: Git.GitEnv): Effect.Effect<boolean, WorkspaceError> =>
  Git.attempt(worktree.taskKey, "GitFailed", async () => {
    const git = Git.client(worktree.path, env)
    // commits first: counting them is cheap, a status scans the whole tree
    const ahead = Number((await git.raw(["rev-list", "--count", `${worktree.baseCommit}..HEAD`])).trim())
    return ahead > 0 || (await git.raw(["status", "--porcelain"])).trim() !== ""
  })
