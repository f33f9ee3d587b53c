/**
 * The one edge to simple-git for workspaces. Every git command gets a small environment (PATH, HOME,
 * no terminal prompt); a forge token travels only in that command's environment and is handed to git
 * by an askpass helper, so it never lands in `.git/config`, a remote URL or a process's argv.
 */
import { Effect, Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { simpleGit, type SimpleGit } from "simple-git"
import { WorkspaceError } from "./Workspace.js"

export interface GitEnv {
  readonly PATH: string
  readonly HOME: string
}

export interface GitAuth {
  readonly askpass: string
  readonly username: string
  readonly token: Redacted.Redacted<string>
}

const ASKPASS = `#!/bin/sh
# Written by DevServer: answers git's credential prompts from this command's environment only.
case "$1" in
  Username*) printf '%s\\n' "$DEVSERVER_GIT_USERNAME" ;;
  *) printf '%s\\n' "$DEVSERVER_GIT_PASSWORD" ;;
esac
`

/** Writes the askpass helper under `dir` (idempotent) and returns its path. */
export const ensureAskpass = (dir: string): string => {
  const file = path.join(dir, "git-askpass.sh")
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== ASKPASS) {
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(file, ASKPASS, { mode: 0o700 })
  }
  return file
}

/** A simple-git client for `dir` with the given environment and, optionally, token auth. */
export const client = (dir: string, env: GitEnv, auth?: GitAuth): SimpleGit => {
  const vars: Record<string, string> = {
    PATH: env.PATH,
    HOME: env.HOME,
    GIT_TERMINAL_PROMPT: "0",
    LANG: "C",
    LC_ALL: "C"
  }
  if (auth) {
    vars.GIT_ASKPASS = auth.askpass
    vars.DEVSERVER_GIT_USERNAME = auth.username
    vars.DEVSERVER_GIT_PASSWORD = Redacted.value(auth.token)
  }
  return simpleGit({ baseDir: dir, unsafe: { allowUnsafeAskPass: auth !== undefined } }).env(vars)
}

/** Runs one simple-git call, translating its failure into a `WorkspaceError`. */
export const attempt = <A>(
  taskKey: string,
  reason: WorkspaceError["reason"],
  run: () => Promise<A>
): Effect.Effect<A, WorkspaceError> =>
  Effect.tryPromise({
    try: run,
    catch: (cause) =>
      new WorkspaceError({
        taskKey,
        reason,
        detail: cause instanceof Error ? cause.message.trim().split("\n").slice(0, 5).join(" | ") : String(cause),
        cause
      })
  })

/** Whether `ref` resolves in the repository. */
export const hasRef = (git: SimpleGit, ref: string): Effect.Effect<boolean> =>
  Effect.promise(() =>
    git.raw(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).then(
      (out) => out.trim() !== "",
      () => false
    )
  )
