/**
 * Temporary repositories for the repo map tests: real folders on disk, removed when the scope closes.
 */
import { Effect } from "effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

/** Writes `files` (relative path → content) into a fresh folder and returns its path. */
export const make = (files: Readonly<Record<string, string | Buffer>>) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const root = Fs.mkdtempSync(Path.join(Os.tmpdir(), "devserver-repomap-"))
      for (const [rel, content] of Object.entries(files)) write(root, rel, content)
      return root
    }),
    (root) => Effect.sync(() => Fs.rmSync(root, { recursive: true, force: true }))
  )

/** Writes one file, creating its folders. */
export const write = (root: string, rel: string, content: string | Buffer): void => {
  const abs = Path.join(root, rel)
  Fs.mkdirSync(Path.dirname(abs), { recursive: true })
  Fs.writeFileSync(abs, content)
}

const fixtures = Path.join(import.meta.dirname, "fixtures", "langs")

/** The golden source files, named as in a real repository (`.fixture` keeps TS files out of tsc). */
export const languageFixtures = (): Record<string, string> =>
  Object.fromEntries(
    Fs.readdirSync(fixtures).map((name) => [name.replace(/\.fixture$/, ""), Fs.readFileSync(Path.join(fixtures, name), "utf8")])
  )
