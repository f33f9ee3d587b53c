/** Runs a repo's `setup` command in a worktree (its own process group, killed with the scope). */
import { Duration, Effect, Stream } from "effect"
import * as ProcessGroup from "../process/ProcessGroup.js"
import type { GitEnv } from "./Git.js"
import { WorkspaceError } from "./Workspace.js"

const SETUP_TIMEOUT = Duration.minutes(30)

export const runSetup = (taskKey: string, command: string, cwd: string, env: GitEnv): Effect.Effect<void, WorkspaceError> =>
  Effect.scoped(Effect.gen(function*() {
    const child = yield* ProcessGroup.spawn("/bin/sh", ["-c", command], { cwd, env: { ...env }, extendEnv: false })
    const tail: Array<string> = []
    const keep = (line: string) => Effect.sync(() => void (tail.push(line) > 20 && tail.shift()))
    const [, , status] = yield* Effect.all([
      Stream.runForEach(child.stdout, keep),
      Stream.runForEach(child.stderr, keep),
      child.exit
    ], { concurrency: "unbounded" }).pipe(
      Effect.timeoutFail({
        duration: SETUP_TIMEOUT,
        onTimeout: () => new WorkspaceError({ taskKey, reason: "SetupFailed", detail: `setup did not finish within ${Duration.format(SETUP_TIMEOUT)}` })
      })
    )
    if (status.exitCode !== 0) {
      return yield* new WorkspaceError({
        taskKey,
        reason: "SetupFailed",
        detail: `setup exited with ${status.exitCode ?? status.signal}: ${tail.slice(-5).join(" | ")}`
      })
    }
  }).pipe(
    Effect.catchTag("ProcessError", (cause) => new WorkspaceError({ taskKey, reason: "SetupFailed", detail: cause.message, cause }))
  ))
