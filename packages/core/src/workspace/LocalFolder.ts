/**
 * A local repo: the user's own checkout. Never clone, fetch, push, reset, clean or force.
 * `patch` refuses a dirty tree (the user's uncommitted work must never be swept into agent commits),
 * works on `agent/<key>` and switches back to the user's branch when the scope closes; `untracked`
 * works on whatever is checked out and leaves the edits uncommitted; `pr` and `commit` are refused.
 *
 * The user's branch is written to `state/local/<repo>` before the switch and removed once it is
 * restored, so a worker killed mid-run cannot make the agent's branch look like the user's: the next
 * acquire on that checkout switches back first (when the checkout is still on that agent branch).
 */
import { Effect, type Scope } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { Repo } from "../domain/Repo.js"
import type { Task } from "../domain/Task.js"
import * as Git from "./Git.js"
import { branchFor, WorkspaceError, type Worktree } from "./Workspace.js"

interface BranchRecord {
  /** The user's branch (or commit, for a detached HEAD). */
  readonly original: string
  readonly agentBranch: string
}

const readRecord = (file: string): BranchRecord | null => {
  try {
    const value = JSON.parse(fs.readFileSync(file, "utf8"))
    return typeof value?.original === "string" && typeof value?.agentBranch === "string" ? value : null
  } catch {
    return null
  }
}

/** Written to a temporary file and renamed: a kill never leaves half a record. */
const writeRecord = (file: string, record: BranchRecord) => {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(record))
  fs.renameSync(`${file}.tmp`, file)
}

export const acquire = (task: Task, repo: Repo, env: Git.GitEnv, stateDir: string): Effect.Effect<Worktree, WorkspaceError, Scope.Scope> =>
  Effect.gen(function*() {
    if (!fs.existsSync(path.join(repo.localPath, ".git"))) {
      return yield* new WorkspaceError({ taskKey: task.key, reason: "WorktreeFailed", detail: `${repo.localPath} is no longer a git checkout` })
    }
    const git = Git.client(repo.localPath, env)
    const run = (args: Array<string>, reason: WorkspaceError["reason"] = "GitFailed") =>
      Git.attempt(task.key, reason, () => git.raw(args)).pipe(Effect.map((out) => out.trim()))
    if (task.gitFlow === "pr" || task.gitFlow === "commit") {
      return yield* new WorkspaceError({
        taskKey: task.key,
        reason: "FlowRefused",
        detail: `a local repo supports the patch and untracked flows, not ${task.gitFlow}`
      })
    }
    const recordFile = path.join(stateDir, repo.name)
    const left = readRecord(recordFile)
    if (left !== null) {
      // A run ended without switching back (its worker was killed): switch back now, unless the user
      // has moved on. No force: an agent's leftover edits keep the checkout where it is, and say so.
      if ((yield* run(["rev-parse", "--abbrev-ref", "HEAD"])) === left.agentBranch) {
        yield* run(["checkout", "--quiet", left.original], "WorktreeFailed").pipe(
          Effect.mapError((e) => new WorkspaceError({ taskKey: e.taskKey, reason: e.reason, cause: e, detail: `${repo.localPath} was left on ${left.agentBranch} by a killed run and cannot switch back to ${left.original}: ${e.detail}` }))
        )
      }
      fs.rmSync(recordFile, { force: true })
    }
    const head = yield* run(["rev-parse", "HEAD"])
    const current = yield* run(["rev-parse", "--abbrev-ref", "HEAD"])
    if (task.gitFlow === "untracked") {
      return { taskKey: task.key, path: repo.localPath, branch: current, baseCommit: head, continued: false, local: true } satisfies Worktree
    }
    const dirty = yield* run(["status", "--porcelain", "--untracked-files=all"])
    if (dirty !== "") {
      return yield* new WorkspaceError({
        taskKey: task.key,
        reason: "DirtyTree",
        detail: `${repo.localPath} has uncommitted changes (${dirty.split("\n").length} paths); commit or stash them first`
      })
    }
    const branch = branchFor(task.key)
    // Detached HEAD is restored as the commit it pointed at.
    const original = current === "HEAD" ? head : current
    const exists = yield* Git.hasRef(git, `refs/heads/${branch}`)
    const from = (yield* Git.hasRef(git, `refs/heads/${repo.defaultBranch}`)) ? repo.defaultBranch : "HEAD"
    yield* Effect.acquireRelease(
      Effect.sync(() => writeRecord(recordFile, { original, agentBranch: branch })).pipe(
        Effect.zipRight(run(exists ? ["checkout", "--quiet", branch] : ["checkout", "--quiet", "-b", branch, from], "WorktreeFailed")),
        Effect.tapError(() => Effect.sync(() => fs.rmSync(recordFile, { force: true })))
      ),
      () =>
        // No force: if the agent left changes the switch fails and the folder stays on the agent's
        // branch (the record stays too, so the next acquire tries again).
        run(["checkout", "--quiet", original]).pipe(
          Effect.zipRight(Effect.sync(() => fs.rmSync(recordFile, { force: true }))),
          Effect.tapError((e) => Effect.logWarning(`could not restore ${original} in ${repo.localPath}: ${e.detail}`)),
          Effect.ignore
        )
    )
    const baseCommit = exists ? yield* run(["merge-base", from, "HEAD"]) : yield* run(["rev-parse", "HEAD"])
    const tip = yield* run(["rev-parse", "HEAD"])
    return { taskKey: task.key, path: repo.localPath, branch, baseCommit, continued: tip !== baseCommit, local: true } satisfies Worktree
  })
