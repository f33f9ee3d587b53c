/**
 * The bare cache clone of a forge repo (`cache/<repo>.git`), shared by every worker on the data
 * folder. Creating, fetching and adding worktrees to it happen under a file lock (`cache/<repo>.lock`), so two processes
 * never clone or fetch one cache at once (in-process callers queue on a semaphore first). A new cache
 * is built in a temporary folder and renamed into place, so a process killed half-way leaves nothing
 * that looks ready; a cache without its `origin` (left by an older version) is rebuilt.
 */
import { Effect } from "effect"
import * as crypto from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import * as FileLock from "../process/FileLock.js"
import * as ProcessGroup from "../process/ProcessGroup.js"
import * as Git from "./Git.js"
import { WorkspaceError } from "./Workspace.js"

export interface CacheTarget {
  readonly taskKey: string
  /** `<data>/cache/<repo>.git` */
  readonly dir: string
  readonly cloneUrl: string
}

const locks = new Map<string, Effect.Semaphore>()
const lockFor = (dir: string) => {
  let lock = locks.get(dir)
  if (!lock) locks.set(dir, (lock = Effect.unsafeMakeSemaphore(1)))
  return lock
}

/** Whether `dir` is a complete cache of `cloneUrl`. */
const ready = (dir: string, env: Git.GitEnv) =>
  fs.existsSync(path.join(dir, "HEAD"))
    ? Effect.promise(() => Git.client(dir, env).raw(["config", "--get", "remote.origin.url"]).then((url) => url.trim() !== "", () => false))
    : Effect.succeed(false)

const create = (target: CacheTarget, env: Git.GitEnv) =>
  Effect.gen(function*() {
    const building = `${target.dir}.tmp-${crypto.randomBytes(4).toString("hex")}`
    fs.mkdirSync(building, { recursive: true })
    const git = Git.client(building, env)
    yield* Git.attempt(target.taskKey, "CloneFailed", async () => {
      await git.raw(["init", "--bare", "--quiet"])
      await git.raw(["remote", "add", "origin", target.cloneUrl])
      // Remote branches as origin/*: local refs/heads stay the tasks' own branches.
      await git.raw(["config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"])
    }).pipe(Effect.tapError(() => Effect.sync(() => fs.rmSync(building, { recursive: true, force: true }))))
    fs.rmSync(target.dir, { recursive: true, force: true })
    fs.renameSync(building, target.dir)
  })

/** Leftovers of builds killed half-way (only ever touched under the lock). */
const removeLeftovers = (dir: string) => {
  const parent = path.dirname(dir)
  const prefix = `${path.basename(dir)}.tmp-`
  for (const name of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
    if (name.startsWith(prefix)) fs.rmSync(path.join(parent, name), { recursive: true, force: true })
  }
}

/** Runs `work` under the cache's lock (in-process semaphore, then the file lock). */
export const withLock = <A, E>(target: CacheTarget, env: Git.GitEnv, work: Effect.Effect<A, E>): Effect.Effect<A, E | WorkspaceError> =>
  FileLock.withLock(`${target.dir.replace(/\.git$/, "")}.lock`, env.PATH, work).pipe(
    Effect.catchIf((e): e is ProcessGroup.ProcessError => e instanceof ProcessGroup.ProcessError, (cause) =>
      new WorkspaceError({ taskKey: target.taskKey, reason: "CloneFailed", detail: `the cache lock could not be taken: ${cause.message}`, cause })),
    lockFor(target.dir).withPermits(1)
  )

/**
 * Creates the cache when needed, fetches it, and runs `use` with its folder, all under the cache's
 * lock (worktree additions change the cache too).
 */
export const withFetched = <A>(
  target: CacheTarget,
  env: Git.GitEnv,
  auth: Git.GitAuth | undefined,
  use: (cache: string) => Effect.Effect<A, WorkspaceError>
): Effect.Effect<A, WorkspaceError> =>
  withLock(target, env, Effect.gen(function*() {
    removeLeftovers(target.dir)
    if (!(yield* ready(target.dir, env))) yield* create(target, env)
    const git = Git.client(target.dir, env, auth)
    yield* Git.attempt(target.taskKey, "FetchFailed", () => git.raw(["fetch", "--prune", "--quiet", "origin"]))
    return yield* use(target.dir)
  }))
