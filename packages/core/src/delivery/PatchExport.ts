/**
 * Patch export: the task's commits as a `git format-patch` series plus `combined.mbox`
 * (the same series in one file, for `git am`), with the commit count and diff stats. Read-only on the
 * repository: it also runs on a user's own folder.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Git from "../workspace/Git.js"

export interface PatchSet {
  readonly dir: string
  /** The numbered patch files, in order. */
  readonly patches: ReadonlyArray<string>
  readonly mbox: string
  readonly commits: number
  readonly filesChanged: number
  readonly insertions: number
  readonly deletions: number
}

export const MBOX = "combined.mbox"

/** `--shortstat` text → numbers ("3 files changed, 10 insertions(+), 2 deletions(-)"). */
export const parseShortstat = (text: string) => ({
  filesChanged: Number(/(\d+) files? changed/.exec(text)?.[1] ?? 0),
  insertions: Number(/(\d+) insertions?\(\+\)/.exec(text)?.[1] ?? 0),
  deletions: Number(/(\d+) deletions?\(-\)/.exec(text)?.[1] ?? 0)
})

/** Exports `base..head` of `cwd` into `outDir` (emptied first); fails with git's first error line. */
export const exportPatches = (cwd: string, base: string, head: string, outDir: string, env: Git.GitEnv): Effect.Effect<PatchSet, string> =>
  Effect.gen(function*() {
    const git = Git.client(cwd, env)
    const run = (args: Array<string>) =>
      Effect.tryPromise({ try: () => git.raw(args), catch: (e) => (e instanceof Error ? e.message.trim().split("\n")[0]! : String(e)) })
    const range = `${base}..${head}`
    const commits = Number((yield* run(["rev-list", "--count", range])).trim())
    fs.rmSync(outDir, { recursive: true, force: true })
    fs.mkdirSync(outDir, { recursive: true })
    const common = ["--no-color", "--no-signature", "--binary", "--full-index"]
    const listed = commits === 0 ? "" : yield* run(["format-patch", ...common, "-o", outDir, range])
    const patches = listed.split("\n").map((l) => l.trim()).filter(Boolean).map((p) => path.resolve(cwd, p))
    const mbox = path.join(outDir, MBOX)
    fs.writeFileSync(mbox, commits === 0 ? "" : yield* run(["format-patch", ...common, "--stdout", range]))
    const stats = parseShortstat(yield* run(["diff", "--shortstat", base, head]))
    return { dir: outDir, patches, mbox, commits, ...stats }
  })
