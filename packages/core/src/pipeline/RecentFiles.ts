/** Files changed in a worktree's history in the last 14 days (for the reality signal); null when git cannot say. */
import { Effect } from "effect"
import { simpleGit } from "simple-git"

export const recentFiles = (dir: string): Effect.Effect<ReadonlyArray<string> | null> =>
  Effect.tryPromise(() => simpleGit(dir).raw(["log", "--since=14 days ago", "--name-only", "--pretty=format:"])).pipe(
    Effect.map((out) => [...new Set(out.split("\n").map((l) => l.trim()).filter((l) => l !== ""))]),
    Effect.orElseSucceed(() => null)
  )
