/**
 * What a folder offered as a `local` repo is: the top folder of a git checkout (its real path, so two
 * spellings of one folder compare equal) and the branch it is on, which becomes the repo's default
 * branch when none is given. A folder that is not a checkout, a subfolder of one, a detached HEAD or
 * a named branch that does not exist is refused with `InvalidInput`.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import { InvalidInput } from "../domain/Errors.js"
import { client, type GitEnv } from "./Git.js"

export interface Checkout {
  /** The checkout's top folder, symlinks resolved. */
  readonly path: string
  /** The branch checked out now. */
  readonly currentBranch: string
}

const refuse = (reason: string) => new InvalidInput({ field: "localPath", reason })

const git = <A>(run: () => Promise<A>) => Effect.tryPromise({ try: run, catch: (e) => e }).pipe(Effect.option)

/** Inspects `folder`; `branch`, when given, must exist there. */
export const inspect = (folder: string, env: GitEnv, branch?: string): Effect.Effect<Checkout, InvalidInput> =>
  Effect.gen(function*() {
    if (!folder.startsWith("/")) return yield* refuse("a local repo needs an absolute path")
    const real = yield* Effect.try({ try: () => fs.realpathSync(folder), catch: () => refuse(`${folder} does not exist`) })
    if (!fs.statSync(real).isDirectory()) return yield* refuse(`${folder} is not a folder`)
    const repo = client(real, env)
    const top = yield* git(() => repo.revparse(["--show-toplevel"]))
    if (top._tag === "None") return yield* refuse(`${folder} is not a git checkout`)
    if (fs.realpathSync(top.value.trim()) !== real) return yield* refuse(`${folder} is inside the checkout ${top.value.trim()}; give its top folder`)
    const current = yield* git(() => repo.raw(["symbolic-ref", "--short", "-q", "HEAD"]))
    const currentBranch = current._tag === "Some" ? current.value.trim() : ""
    if (currentBranch === "") return yield* refuse(`${folder} has a detached HEAD; check out a branch first`)
    if (branch !== undefined && branch !== currentBranch) {
      const exists = yield* git(() => repo.raw(["rev-parse", "--verify", "-q", `refs/heads/${branch}`]))
      if (exists._tag === "None") return yield* refuse(`${folder} has no branch '${branch}' (it is on '${currentBranch}')`)
    }
    return { path: real, currentBranch }
  })
