/**
 * Pushes and fetches of delivery, authenticated per command through the workspace's askpass helper:
 * the token lives only in that git process's environment (never argv, `.git/config`, a remote URL or
 * a log line). git's failures are translated once into `ForgeError`s (auth, not found, conflict,
 * transport), from its stderr.
 */
import { Effect } from "effect"
import { ForgeError } from "../forge/Forge.js"
import * as Git from "../workspace/Git.js"

const reasonOf = (text: string): ForgeError["reason"] => {
  if (/authentication failed|could not read (username|password)|invalid username or password|terminal prompts disabled|HTTP (401|403)|returned error: 40[13]|permission denied/i.test(text)) return "Auth"
  if (/\[rejected\]|non-fast-forward|fetch first|stale info|failed to push some refs|\(stale info\)|updates were rejected/i.test(text)) return "Conflict"
  if (/repository .* not found|does not appear to be a git repository|HTTP 404|returned error: 404|not found/i.test(text)) return "NotFound"
  return "Transport"
}

/** The first meaningful lines of git's error, with any URL credentials masked. */
const detailOf = (text: string) =>
  text.replace(/\/\/[^/@\s]*@/g, "//***@").split("\n").map((l) => l.trim()).filter(Boolean).slice(0, 4).join(" | ").slice(0, 400)

/** Runs one authenticated git command in `cwd`; failures become `ForgeError`s of `operation`. */
export const remote = (cwd: string, env: Git.GitEnv, auth: Git.GitAuth | undefined, operation: string, args: Array<string>): Effect.Effect<string, ForgeError> =>
  Effect.tryPromise({
    try: () => Git.client(cwd, env, auth).raw(args),
    catch: (e) => {
      const text = e instanceof Error ? e.message : String(e)
      return new ForgeError({ reason: reasonOf(text), operation, detail: detailOf(text) })
    }
  })

/** Pushes `localRef` to `remoteRef` on origin; `lease` = force-with-lease against the last fetched remote ref. */
export const push = (cwd: string, env: Git.GitEnv, auth: Git.GitAuth | undefined, localRef: string, remoteRef: string, lease: boolean) =>
  remote(cwd, env, auth, "push", ["push", ...(lease ? [`--force-with-lease=${remoteRef}`] : []), "origin", `${localRef}:${remoteRef}`])
