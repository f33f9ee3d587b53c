/**
 * The `commit` flow's git work in the task's worktree: fetch the default branch, rebase the task's
 * commits onto it, squash them into one commit (`[KEY] title` plus a trailer) by the agent identity.
 * A rebase conflict is aborted (the worktree is left as it was) and reported with the conflicting files.
 */
import { Effect } from "effect"
import type { ForgeError } from "../forge/Forge.js"
import * as Git from "../workspace/Git.js"
import * as Push from "./Push.js"

export type Squashed =
  | { readonly _tag: "Squashed"; readonly upstream: string; readonly base: string; readonly commit: string }
  | { readonly _tag: "Conflict"; readonly files: ReadonlyArray<string>; readonly detail: string }
  | { readonly _tag: "Empty" }

export interface CommitFlowInput {
  readonly cwd: string
  readonly defaultBranch: string
  readonly message: string
  readonly identity: { readonly name: string; readonly email: string }
  readonly env: Git.GitEnv
  readonly auth: Git.GitAuth | undefined
}

export const rebaseAndSquash = (input: CommitFlowInput): Effect.Effect<Squashed, ForgeError | string> =>
  Effect.gen(function*() {
    const upstream = `refs/remotes/origin/${input.defaultBranch}`
    yield* Push.remote(input.cwd, input.env, input.auth, "fetch", ["fetch", "--quiet", "origin", `+refs/heads/${input.defaultBranch}:${upstream}`])
    const git = Git.client(input.cwd, input.env)
    const id = ["-c", `user.name=${input.identity.name}`, "-c", `user.email=${input.identity.email}`]
    const run = (args: Array<string>) =>
      Effect.tryPromise({ try: () => git.raw(args), catch: (e) => (e instanceof Error ? e.message.trim().split("\n").slice(0, 3).join(" | ") : String(e)) })
    const rebased = yield* Effect.either(run([...id, "rebase", "--quiet", upstream]))
    if (rebased._tag === "Left") {
      const files = (yield* run(["diff", "--name-only", "--diff-filter=U"]).pipe(Effect.orElseSucceed(() => ""))).split("\n").filter(Boolean)
      yield* run(["rebase", "--abort"]).pipe(Effect.ignore)
      return { _tag: "Conflict", files, detail: rebased.left } satisfies Squashed
    }
    const base = (yield* run(["rev-parse", upstream])).trim()
    if ((yield* run(["rev-list", "--count", `${upstream}..HEAD`])).trim() === "0") return { _tag: "Empty" } satisfies Squashed
    yield* run(["reset", "--soft", upstream])
    yield* run([...id, "commit", "--quiet", "--no-verify", "-m", input.message])
    return { _tag: "Squashed", upstream, base, commit: (yield* run(["rev-parse", "HEAD"])).trim() } satisfies Squashed
  })
