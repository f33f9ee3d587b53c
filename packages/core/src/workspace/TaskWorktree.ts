/**
 * A forge task's git worktree (`worktrees/<KEY>` on `agent/<key>`, from the repo's bare cache). An
 * existing worktree is reused as it is (a crashed worker's uncommitted work included) when it is
 * complete; one that `git worktree add` never finished (git's `locked: initializing` marker is still
 * there: the worker died during the checkout, so files may be missing) or that is no worktree of the
 * cache any more is removed and added again. Runs under the cache's lock (see RepoCache).
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { Repo } from "../domain/Repo.js"
import * as Git from "./Git.js"
import { branchFor, type Worktree } from "./Workspace.js"
import { adminDir, discard, halfBuilt } from "./WorktreeAdmin.js"

/** Whether `dir` is a complete worktree of `cache` on `branch`. */
const complete = (taskKey: string, dir: string, cache: string, branch: string, env: Git.GitEnv) =>
  Effect.gen(function*() {
    const admin = adminDir(dir, cache)
    if (admin === null || !fs.existsSync(admin) || halfBuilt(admin)) return { ok: false, admin }
    const head = yield* Git.attempt(taskKey, "WorktreeFailed", () => Git.client(dir, env).raw(["rev-parse", "--abbrev-ref", "HEAD"])).pipe(
      Effect.orElseSucceed(() => "")
    )
    return { ok: head.trim() === branch, admin }
  })

export const add = (taskKey: string, repo: Repo, cache: string, dir: string, env: Git.GitEnv) =>
  Effect.gen(function*() {
    const branch = branchFor(taskKey)
    const git = Git.client(cache, env)
    const base = `refs/remotes/origin/${repo.defaultBranch}`
    const found = yield* complete(taskKey, dir, cache, branch, env)
    // A half-built or foreign folder: its admin entry goes too (a locked one is never pruned, and
    // would keep the branch "checked out" there).
    if (!found.ok) discard(dir, found.admin)
    yield* Git.attempt(taskKey, "WorktreeFailed", () => git.raw(["worktree", "prune"]))
    if (!found.ok) {
      const hasLocal = yield* Git.hasRef(git, `refs/heads/${branch}`)
      const hasRemote = yield* Git.hasRef(git, `refs/remotes/origin/${branch}`)
      const start = hasRemote ? `refs/remotes/origin/${branch}` : base
      fs.mkdirSync(path.dirname(dir), { recursive: true })
      const args = hasLocal ? ["worktree", "add", dir, branch] : ["worktree", "add", "--no-track", "-b", branch, dir, start]
      yield* Git.attempt(taskKey, "WorktreeFailed", () => git.raw(args))
    }
    const wt = Git.client(dir, env)
    const hasBase = yield* Git.hasRef(wt, base)
    const baseCommit = (yield* Git.attempt(taskKey, "GitFailed", () => wt.raw(hasBase ? ["merge-base", "HEAD", base] : ["rev-parse", "HEAD"]))).trim()
    const head = (yield* Git.attempt(taskKey, "GitFailed", () => wt.raw(["rev-parse", "HEAD"]))).trim()
    return { taskKey, path: dir, branch, baseCommit, continued: head !== baseCommit, local: false } satisfies Worktree
  })
