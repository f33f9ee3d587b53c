/**
 * Whether the task's branch already has an open pull request on the repo's forge, for the reality
 * signal. null when the repo has no forge (local, a `file://` clone without an API URL) or the forge
 * cannot say (down, token refused): the signal then spreads that source's weight over the others.
 */
import { Effect, Option } from "effect"
import type { Repo } from "../domain/Repo.js"
import type { Forge } from "../forge/Forge.js"
import { targetOf } from "../forge/Target.js"
import type { Repos } from "../store/Repos.js"

export const openPr = (forge: typeof Forge.Service, repos: typeof Repos.Service, repo: Repo, branch: string): Effect.Effect<boolean | null> =>
  Effect.gen(function*() {
    if (repo.provider === "local") return null
    const target = targetOf(repo, Option.getOrNull(yield* repos.token(repo.name)))
    if (typeof target === "string") return null
    return Option.isSome(yield* forge.client(target).findOpenPullRequest(branch, repo.defaultBranch))
  }).pipe(
    Effect.timeout("20 seconds"),
    Effect.catchAll((e) => Effect.as(Effect.logWarning(`open-PR lookup for the reality signal: ${e.message}`), null))
  )
