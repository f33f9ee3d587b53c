/**
 * What git records about a linked worktree in the cache (`<cache>/worktrees/<id>`): which admin folder
 * a checkout belongs to, and whether `git worktree add` finished (git's `locked: initializing`
 * marker stays while it checks out; a killed worker leaves it behind, with files missing).
 */
import * as fs from "node:fs"
import * as path from "node:path"

/** The cache's admin folder of the worktree at `dir` (`<cache>/worktrees/<id>`), or null. */
export const adminDir = (dir: string, cache: string): string | null => {
  try {
    const gitdir = /^gitdir: (.*)$/m.exec(fs.readFileSync(path.join(dir, ".git"), "utf8"))?.[1]?.trim()
    const resolved = gitdir === undefined ? null : path.resolve(dir, gitdir)
    return resolved !== null && resolved.startsWith(path.join(cache, "worktrees") + path.sep) ? resolved : null
  } catch {
    return null
  }
}

/** Whether the checkout of the worktree with this admin folder never finished. */
export const halfBuilt = (admin: string): boolean => {
  try {
    return fs.readFileSync(path.join(admin, "locked"), "utf8").startsWith("initializing")
  } catch {
    return false
  }
}

/** Removes a worktree folder and its admin entry (a locked entry is never pruned by git). */
export const discard = (dir: string, admin: string | null): void => {
  if (admin !== null) fs.rmSync(admin, { recursive: true, force: true })
  fs.rmSync(dir, { recursive: true, force: true })
}
