/**
 * Replacing provisional (regex) tags with tree-sitter ones: first for the files a map is about to show,
 * within the build, then for the rest of the tree, in the background between builds.
 *
 * A large cold tree is mapped from provisional tags (a regex pass costs a fraction of a parse), so the
 * first map is ready about as fast as ctags would list the tree; every definition the map shows still
 * comes from tree-sitter, and the ranking graph converges to the tree-sitter one as the rest is parsed.
 *
 * @internal
 */
import { Effect } from "effect"
import * as Fs from "node:fs"
import type { Cache, RootCache } from "./Cache.js"
import { contentHash } from "./Cache.js"
import type { Extractor } from "./Extract.js"
import type { SourceFile } from "./Walk.js"

// Files per synchronous step: a build waiting behind a background step waits for at most this many parses.
const batch = 4

/**
 * Extracts `files` with tree-sitter and stores the final tags in place of provisional ones; a file that
 * changed since its provisional tags were taken is left to the next build. Returns how many were replaced.
 */
export const upgrade = (
  cache: Cache,
  rootCache: RootCache,
  extractor: Extractor,
  files: ReadonlyArray<SourceFile>
): Effect.Effect<number> =>
  Effect.gen(function* () {
    yield* Effect.promise(() => extractor.load(new Map(files.map((f) => [f.language.id, f.language])).values()))
    let done = 0
    for (let start = 0; start < files.length; start += batch) {
      if (start > 0) yield* Effect.yieldNow()
      done += yield* Effect.sync(() => {
        let n = 0
        for (const file of files.slice(start, start + batch)) {
          if (!cache.provisional(rootCache, file.path)) continue
          let source: string
          try {
            source = Fs.readFileSync(file.abs, "utf8")
          } catch {
            continue
          }
          const tags = extractor.extract(file.path, file.language, source)
          if (cache.finish(rootCache, file.path, contentHash(source), tags)) n++
        }
        return n
      })
    }
    return done
  })

/** The files of `sources` whose cached tags are provisional. */
export const provisionalOf = (cache: Cache, rootCache: RootCache, sources: ReadonlyArray<SourceFile>): Array<SourceFile> =>
  sources.filter((s) => cache.provisional(rootCache, s.path))
