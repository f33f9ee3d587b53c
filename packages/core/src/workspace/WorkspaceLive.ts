/**
 * The git implementation of `Workspace` (PRODUCT §8) under the data folder:
 * `cache/<repo>.git` bare cache clones, `worktrees/<KEY>` task worktrees, `state/setup/<KEY>` setup
 * markers (outside the worktree, so the repo never sees them), `scratch/<KEY>` for repo-less tasks.
 */
import { Config, Effect, Layer, Option } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { Repo } from "../domain/Repo.js"
import type { Task } from "../domain/Task.js"
import { DataDir } from "../store/DataDir.js"
import { Repos } from "../store/Repos.js"
import * as Git from "./Git.js"
import { runSetup } from "./Setup.js"
import { branchFor, Workspace, WorkspaceError, type Worktree } from "./Workspace.js"
import * as Local from "./LocalFolder.js"

/** Settings of the workspace layer. */
export interface WorkspaceConfig {
  /** Author and committer of agent commits. */
  readonly authorName: string
  readonly authorEmail: string
  /** Environment of git and setup commands (never the worker's whole environment). */
  readonly env: Git.GitEnv
}

export const config: Config.Config<WorkspaceConfig> = Config.all({
  authorName: Config.string("DEVSERVER_GIT_AUTHOR_NAME").pipe(Config.withDefault("DevServer Agent")),
  authorEmail: Config.string("DEVSERVER_GIT_AUTHOR_EMAIL").pipe(Config.withDefault("agent@devserver.local")),
  env: Config.all({
    PATH: Config.string("PATH").pipe(Config.withDefault("/usr/local/bin:/usr/bin:/bin")),
    HOME: Config.string("HOME").pipe(Config.withDefault("/tmp"))
  })
})

const usernameFor = (provider: Repo["provider"]) => (provider === "github" ? "x-access-token" : "devserver")

export const make = (settings: WorkspaceConfig) =>
  Effect.gen(function*() {
    const dataDir = (yield* DataDir).path
    const repos = yield* Repos
    const dirs = {
      cache: path.join(dataDir, "cache"),
      worktrees: path.join(dataDir, "worktrees"),
      setup: path.join(dataDir, "state", "setup"),
      scratch: path.join(dataDir, "scratch"),
      bin: path.join(dataDir, "bin")
    }
    // Cache operations of one repo are serialised in this process (git's own locks would fail them).
    const locks = new Map<string, Effect.Semaphore>()
    const lockFor = (name: string) => {
      let lock = locks.get(name)
      if (!lock) locks.set(name, (lock = Effect.unsafeMakeSemaphore(1)))
      return lock
    }
    const identity = ["-c", `user.name=${settings.authorName}`, "-c", `user.email=${settings.authorEmail}`]

    const authFor = (task: Task, repo: Repo) =>
      Effect.gen(function*() {
        if (!repo.hasToken) return undefined
        const token = yield* repos.token(repo.name).pipe(
          Effect.mapError((cause) => new WorkspaceError({ taskKey: task.key, reason: "FetchFailed", detail: "the repo's token could not be read", cause }))
        )
        if (Option.isNone(token)) return undefined
        return { askpass: Git.ensureAskpass(dirs.bin), username: usernameFor(repo.provider), token: token.value } satisfies Git.GitAuth
      })

    const fetchCache = (task: Task, repo: Repo) =>
      Effect.gen(function*() {
        const cache = path.join(dirs.cache, `${repo.name}.git`)
        const auth = yield* authFor(task, repo)
        if (!fs.existsSync(path.join(cache, "HEAD"))) {
          fs.mkdirSync(cache, { recursive: true })
          const git = Git.client(cache, settings.env)
          yield* Git.attempt(task.key, "CloneFailed", async () => {
            await git.raw(["init", "--bare", "--quiet"])
            await git.raw(["remote", "add", "origin", repo.cloneUrl])
            // Remote branches as origin/*: local refs/heads stay the tasks' own branches.
            await git.raw(["config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"])
          })
        }
        const git = Git.client(cache, settings.env, auth)
        yield* Git.attempt(task.key, "FetchFailed", () => git.raw(["fetch", "--prune", "--quiet", "origin"]))
        return cache
      })

    const addWorktree = (task: Task, repo: Repo, cache: string) =>
      Effect.gen(function*() {
        const branch = branchFor(task.key)
        const dir = path.join(dirs.worktrees, task.key)
        const git = Git.client(cache, settings.env)
        const base = `refs/remotes/origin/${repo.defaultBranch}`
        yield* Git.attempt(task.key, "WorktreeFailed", () => git.raw(["worktree", "prune"]))
        const existing = fs.existsSync(dir)
          ? yield* Git.attempt(task.key, "WorktreeFailed", () => Git.client(dir, settings.env).raw(["rev-parse", "--abbrev-ref", "HEAD"])).pipe(
            Effect.map((head) => head.trim() === branch),
            Effect.orElseSucceed(() => false)
          )
          : false
        const hasLocal = yield* Git.hasRef(git, `refs/heads/${branch}`)
        const hasRemote = yield* Git.hasRef(git, `refs/remotes/origin/${branch}`)
        if (!existing) {
          // A folder that is not our worktree any more (a crashed worker, a manual delete): recreate it.
          fs.rmSync(dir, { recursive: true, force: true })
          fs.mkdirSync(dirs.worktrees, { recursive: true })
          const args = hasLocal
            ? ["worktree", "add", dir, branch]
            : ["worktree", "add", "--no-track", "-b", branch, dir, hasRemote ? `refs/remotes/origin/${branch}` : base]
          yield* Git.attempt(task.key, "WorktreeFailed", () => git.raw(args))
        }
        const wt = Git.client(dir, settings.env)
        const hasBase = yield* Git.hasRef(wt, base)
        const baseCommit = (yield* Git.attempt(task.key, "GitFailed", () => wt.raw(hasBase ? ["merge-base", "HEAD", base] : ["rev-parse", "HEAD"]))).trim()
        const head = (yield* Git.attempt(task.key, "GitFailed", () => wt.raw(["rev-parse", "HEAD"]))).trim()
        return { taskKey: task.key, path: dir, branch, baseCommit, continued: head !== baseCommit, local: false } satisfies Worktree
      })

    const scratch = (task: Task) =>
      Effect.gen(function*() {
        const dir = path.join(dirs.scratch, task.key)
        const fresh = !fs.existsSync(path.join(dir, ".git"))
        fs.mkdirSync(dir, { recursive: true })
        const git = Git.client(dir, settings.env)
        if (fresh) {
          yield* Git.attempt(task.key, "WorktreeFailed", async () => {
            await git.raw(["init", "--quiet", "-b", branchFor(task.key)])
            await git.raw([...identity, "commit", "--quiet", "--allow-empty", "-m", "scratch folder"])
          })
        }
        const [first] = (yield* Git.attempt(task.key, "GitFailed", () => git.raw(["rev-list", "--max-parents=0", "HEAD"]))).trim().split("\n")
        const head = (yield* Git.attempt(task.key, "GitFailed", () => git.raw(["rev-parse", "HEAD"]))).trim()
        return { taskKey: task.key, path: dir, branch: branchFor(task.key), baseCommit: first!, continued: head !== first, local: false } satisfies Worktree
      })

    const setupOnce = (task: Task, repo: Repo | null, worktree: Worktree) =>
      Effect.gen(function*() {
        const command = repo?.commands.setup ?? ""
        const marker = path.join(dirs.setup, task.key)
        if (command.trim() === "" || fs.existsSync(marker)) return
        yield* runSetup(task.key, command, worktree.path, settings.env)
        fs.mkdirSync(dirs.setup, { recursive: true })
        fs.writeFileSync(marker, `${new Date().toISOString()} ${command}\n`)
      })

    return Workspace.of({
      acquire: Effect.fn("Workspace.acquire")(function*(task: Task, repo: Repo | null) {
        let worktree: Worktree
        if (repo === null) worktree = yield* scratch(task)
        else if (repo.provider === "local") worktree = yield* Local.acquire(task, repo, settings.env)
        else {
          worktree = yield* lockFor(repo.name).withPermits(1)(
            Effect.flatMap(fetchCache(task, repo), (cache) => addWorktree(task, repo, cache))
          )
        }
        yield* setupOnce(task, repo, worktree)
        return worktree
      }),
      commit: Effect.fn("Workspace.commit")(function*(worktree, message) {
        const git = Git.client(worktree.path, settings.env)
        const status = yield* Git.attempt(worktree.taskKey, "CommitFailed", () => git.raw(["status", "--porcelain"]))
        if (status.trim() === "") return null
        const trailers = Object.entries(message.trailers).map(([k, v]) => `${k}: ${v}`).join("\n")
        const text = `[${worktree.taskKey}] ${message.title}${trailers === "" ? "" : `\n\n${trailers}`}\n`
        yield* Git.attempt(worktree.taskKey, "CommitFailed", async () => {
          await git.raw(["add", "-A"])
          await git.raw([...identity, "commit", "--quiet", "-m", text])
        })
        const sha = (yield* Git.attempt(worktree.taskKey, "GitFailed", () => git.raw(["rev-parse", "HEAD"]))).trim()
        const files = (yield* Git.attempt(worktree.taskKey, "GitFailed", () => git.raw(["diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD"])))
          .split("\n").filter((l) => l.trim() !== "").length
        return { sha, files }
      })
    })
  })

/** The workspace layer, reading `WorkspaceConfig` from Config. */
export const layer = Layer.effect(Workspace, Effect.flatMap(config, make))

/** For tests: a fixed configuration. */
export const layerWith = (settings: WorkspaceConfig) => Layer.effect(Workspace, make(settings))
