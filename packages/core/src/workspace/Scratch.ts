/**
 * The folder of a repo-less task (`scratch/<KEY>`): a fresh git repository on `agent/<key>` with one
 * empty commit, built in a temporary folder and renamed into place, so a process killed half-way never
 * leaves a `.git` that looks ready. A folder whose repository has no commit is rebuilt.
 */
import { Effect } from "effect"
import * as crypto from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Git from "./Git.js"
import { branchFor, WorkspaceError, type Worktree } from "./Workspace.js"

const usable = (dir: string, env: Git.GitEnv) =>
  fs.existsSync(path.join(dir, ".git"))
    ? Effect.promise(() => Git.client(dir, env).raw(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).then((out) => out.trim() !== "", () => false))
    : Effect.succeed(false)

const build = (taskKey: string, dir: string, env: Git.GitEnv, identity: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const building = path.join(path.dirname(dir), `.tmp-${taskKey}-${crypto.randomBytes(4).toString("hex")}`)
    fs.mkdirSync(building, { recursive: true })
    const git = Git.client(building, env)
    yield* Git.attempt(taskKey, "WorktreeFailed", async () => {
      await git.raw(["init", "--quiet", "-b", branchFor(taskKey)])
      await git.raw([...identity, "commit", "--quiet", "--allow-empty", "-m", "scratch folder"])
    }).pipe(Effect.tapError(() => Effect.sync(() => fs.rmSync(building, { recursive: true, force: true }))))
    fs.renameSync(building, dir)
  })

export const acquire = (taskKey: string, dir: string, env: Git.GitEnv, identity: ReadonlyArray<string>): Effect.Effect<Worktree, WorkspaceError> =>
  Effect.gen(function*() {
    // Leftovers of builds killed half-way.
    for (const name of fs.existsSync(path.dirname(dir)) ? fs.readdirSync(path.dirname(dir)) : []) {
      if (name.startsWith(`.tmp-${taskKey}-`)) fs.rmSync(path.join(path.dirname(dir), name), { recursive: true, force: true })
    }
    if (!(yield* usable(dir, env))) {
      fs.rmSync(dir, { recursive: true, force: true })
      yield* build(taskKey, dir, env, identity)
    }
    const git = Git.client(dir, env)
    const [first] = (yield* Git.attempt(taskKey, "GitFailed", () => git.raw(["rev-list", "--max-parents=0", "HEAD"]))).trim().split("\n")
    const head = (yield* Git.attempt(taskKey, "GitFailed", () => git.raw(["rev-parse", "HEAD"]))).trim()
    return { taskKey, path: dir, branch: branchFor(taskKey), baseCommit: first!, continued: head !== first, local: false } satisfies Worktree
  })
