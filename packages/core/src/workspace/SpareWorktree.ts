/**
 * One spare worktree per repository cache (`cache/<repo>.spare`), checked out ahead of need, detached
 * at the default branch. A new task's worktree is then a `git worktree move` of the spare and a
 * checkout of only what changed since, instead of a checkout of every file (2 s for 10,000 files);
 * the spare is refilled in the background afterwards. Both run under the cache's lock. A spare whose
 * checkout never finished, that is no worktree of the cache, or that is not detached is removed,
 * never handed out; a failed take falls back to a plain `git worktree add`.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Git from "./Git.js"
import { adminDir, discard, halfBuilt } from "./WorktreeAdmin.js"

/** The spare's folder beside the cache `<data>/cache/<repo>.git`. */
export const spareOf = (cache: string): string => cache.replace(/\.git$/, "") + ".spare"

const git = (dir: string, env: Git.GitEnv, args: Array<string>) =>
  Effect.tryPromise(() => Git.client(dir, env).raw(args)).pipe(Effect.map((out) => out.trim()))

/** Whether the spare is a finished, detached worktree of `cache`; an unusable one is removed. */
const usable = (cache: string, spare: string, env: Git.GitEnv) =>
  Effect.gen(function*() {
    if (!fs.existsSync(spare)) return false
    const admin = adminDir(spare, cache)
    const head = admin === null || !fs.existsSync(admin) || halfBuilt(admin)
      ? null
      : yield* git(spare, env, ["rev-parse", "--abbrev-ref", "HEAD"]).pipe(Effect.orElseSucceed(() => null))
    if (head === "HEAD") return true
    discard(spare, admin)
    return false
  })

/**
 * Moves the spare to `dir` and checks out `branch` from `start` there. False (and nothing left at
 * `dir`) when there is no usable spare or a step fails.
 */
export const take = (cache: string, dir: string, branch: string, start: string, env: Git.GitEnv) =>
  Effect.gen(function*() {
    const spare = spareOf(cache)
    if (!(yield* usable(cache, spare, env))) return false
    fs.mkdirSync(path.dirname(dir), { recursive: true })
    const moved = yield* git(cache, env, ["worktree", "move", spare, dir]).pipe(Effect.as(true), Effect.orElseSucceed(() => false))
    if (!moved) {
      discard(spare, adminDir(spare, cache))
      return false
    }
    const switched = yield* git(dir, env, ["checkout", "--quiet", "--no-track", "-B", branch, start]).pipe(Effect.as(true), Effect.orElseSucceed(() => false))
    if (!switched) discard(dir, adminDir(dir, cache))
    return switched
  })

/**
 * Makes sure a usable spare exists, detached at `start`. Run under the cache's lock; not interruptible,
 * so a closing workspace waits for its git to finish instead of leaving it writing.
 */
export const refill = (cache: string, start: string, env: Git.GitEnv) =>
  Effect.gen(function*() {
    const spare = spareOf(cache)
    if (yield* usable(cache, spare, env)) return
    yield* git(cache, env, ["worktree", "prune"])
    yield* git(cache, env, ["worktree", "add", "--quiet", "--detach", spare, start])
  }).pipe(Effect.uninterruptible)
