/**
 * Collecting tags for a walked tree: cache hits by fingerprint, then by content hash, then extraction of
 * what is left. Extraction is split into small synchronous steps so that a build can be interrupted
 * between files.
 *
 * @internal
 */
import { Effect } from "effect"
import * as Fs from "node:fs"
import type { Cache, RootCache } from "./Cache.js"
import { contentHash } from "./Cache.js"
import type { Extractor } from "./Extract.js"
import type { LanguageSpec } from "./Languages.js"
import type { FileTags } from "./Tags.js"
import type { SourceFile } from "./Walk.js"
import { looksGenerated } from "./Walk.js"

export interface Collected {
  readonly tags: Array<FileTags>
  readonly cacheHits: number
  readonly parsed: number
}

interface Pending {
  readonly file: SourceFile
  readonly source: string
  readonly hash: string
}

const readSource = (abs: string): string | undefined => {
  try {
    return Fs.readFileSync(abs, "utf8")
  } catch {
    return undefined
  }
}

const empty = (file: SourceFile): FileTags => ({ path: file.path, language: file.language.id, via: "none", defs: [], refs: {} })

/** Tags of every source file, in walk order; generated-looking files get empty tags (cached too). */
export const collect = (
  cache: Cache,
  rootCache: RootCache,
  extractor: Extractor,
  sources: ReadonlyArray<SourceFile>
): Effect.Effect<Collected> =>
  Effect.gen(function* () {
    const tags = new Array<FileTags | undefined>(sources.length)
    const pending: Array<readonly [number, Pending]> = []
    let cacheHits = 0
    sources.forEach((file, i) => {
      const hit = cache.byStat(rootCache, file)
      if (hit) {
        tags[i] = hit
        cacheHits++
        return
      }
      const source = readSource(file.abs)
      if (source === undefined) return
      const hash = contentHash(source)
      const byHash = cache.byHash(rootCache, file, hash)
      if (byHash) {
        tags[i] = byHash
        cacheHits++
      } else pending.push([i, { file, source, hash }])
    })
    if (pending.length > 0) {
      const languages = new Map<string, LanguageSpec>(pending.map(([, p]) => [p.file.language.id, p.file.language]))
      yield* Effect.promise(() => extractor.load(languages.values()))
    }
    // batches of files per step: interruptible, without paying a fiber step per small file
    const batch = 16
    for (let start = 0; start < pending.length; start += batch) {
      yield* Effect.sync(() => {
        for (const [i, p] of pending.slice(start, start + batch)) {
          const extracted = looksGenerated(p.source) ? empty(p.file) : extractor.extract(p.file.path, p.file.language, p.source)
          cache.store(rootCache, p.file, p.hash, extracted)
          tags[i] = extracted
        }
      })
    }
    cache.prune(rootCache, new Set(sources.map((s) => s.path)))
    return { tags: tags.filter((t): t is FileTags => t !== undefined), cacheHits, parsed: pending.length }
  })
