/**
 * The git implementation of `Workspace` under the data folder:
 * `cache/<repo>.git` bare cache clones, `worktrees/<KEY>` task worktrees, `state/setup/<KEY>` setup
 * markers (outside the worktree, so the repo never sees them), `scratch/<KEY>` for repo-less tasks,
 * `state/local/<repo>` the user's branch of a local checkout while an agent works on it.
 */
import { Config, Effect, Layer, Option } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { Repo } from "../domain/Repo.js"
import type { Task } from "../domain/Task.js"
import { DataDir } from "../store/DataDir.js"
import { Repos } from "../store/Repos.js"
import * as ProcessTree from "../process/ProcessTree.js"
import * as Git from "./Git.js"
import * as Local from "./LocalFolder.js"
import * as RepoCache from "./RepoCache.js"
import * as Scratch from "./Scratch.js"
import { runSetup } from "./Setup.js"
import * as TaskWorktree from "./TaskWorktree.js"
import { Workspace, WorkspaceError, type Worktree } from "./Workspace.js"

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
      localState: path.join(dataDir, "state", "local"),
      bin: path.join(dataDir, "bin")
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
        const folder = repo === null ? path.join(dirs.scratch, task.key) : repo.provider === "local" ? repo.localPath : path.join(dirs.worktrees, task.key)
        // An earlier run's agent or check may still work there (its worker died, or its run was
        // replaced): never let two runs share a folder.
        const reaped = yield* ProcessTree.reapFolder(folder)
        if (reaped > 0) yield* Effect.logWarning(`stopped ${reaped} leftover process group(s) in ${folder} before ${task.key}`)
        let worktree: Worktree
        if (repo === null) worktree = yield* Scratch.acquire(task.key, folder, settings.env, identity)
        else if (repo.provider === "local") worktree = yield* Local.acquire(task, repo, settings.env, dirs.localState)
        else {
          const target = { taskKey: task.key, dir: path.join(dirs.cache, `${repo.name}.git`), cloneUrl: repo.cloneUrl }
          const auth = yield* authFor(task, repo)
          worktree = yield* RepoCache.withFetched(target, settings.env, auth, (cache) => TaskWorktree.add(task.key, repo, cache, folder, settings.env))
        }
        yield* setupOnce(task, repo, worktree)
        return worktree
      }),
      commit: Effect.fn("Workspace.commit")(function*(worktree, message) {
        const git = Git.client(worktree.path, settings.env)
        const trailers = Object.entries(message.trailers).map(([k, v]) => `${k}: ${v}`).join("\n")
        const text = `[${worktree.taskKey}] ${message.title}${trailers === "" ? "" : `\n\n${trailers}`}\n`
        // one scan of the tree (add), then the index against HEAD: what is staged is what gets committed
        const staged = yield* Git.attempt(worktree.taskKey, "CommitFailed", async () => {
          await git.raw(["add", "-A"])
          return (await git.raw(["diff", "--cached", "--name-only", "--no-renames"])).split("\n").filter((l) => l.trim() !== "").length
        })
        if (staged === 0) return null
        yield* Git.attempt(worktree.taskKey, "CommitFailed", () => git.raw([...identity, "commit", "--quiet", "-m", text]))
        const sha = (yield* Git.attempt(worktree.taskKey, "GitFailed", () => git.raw(["rev-parse", "HEAD"]))).trim()
        return { sha, files: staged }
      })
    })
  })

/** The workspace layer, reading `WorkspaceConfig` from Config. */
export const layer = Layer.scoped(Workspace, Effect.flatMap(config, make))

/** For tests: a fixed configuration. */
export const layerWith = (settings: WorkspaceConfig) => Layer.scoped(Workspace, make(settings))
