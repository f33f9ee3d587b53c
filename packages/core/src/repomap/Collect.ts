/**
 * Collecting tags for a walked tree: cache hits by fingerprint, then by content hash, then extraction of
 * what is left (or, when that is much, provisional regex tags for `Upgrade` to replace). Extraction is split into small synchronous steps so that a build can be interrupted
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
import type { Pool } from "./Pool.js"
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

// Starting workers costs tens of milliseconds: worth it only for a good amount of parsing.
const worthPooling = (items: ReadonlyArray<readonly [number, Pending]>) =>
  items.length >= 64 && items.reduce((n, [, p]) => n + p.source.length, 0) >= 1_000_000

/** Extraction on the pool; a failed pool leaves its files to the calling thread. Interruptible. */
const viaPool = (pool: Pool, items: ReadonlyArray<readonly [number, Pending]>) =>
  Effect.async<Array<FileTags | undefined>>((resume) => {
    let cancelled = false
    const jobs = items.map(([, p]) => ({ path: p.file.path, language: p.file.language, source: p.source }))
    pool.run(jobs, () => cancelled).then(
      (tags) => resume(Effect.succeed(tags)),
      () => resume(Effect.succeed([]))
    )
    return Effect.sync(() => {
      cancelled = true
    })
  })

/** Tags of every source file, in walk order; generated-looking files get empty tags (cached too). */
export const collect = (
  cache: Cache,
  rootCache: RootCache,
  extractor: Extractor,
  pool: Pool | undefined,
  sources: ReadonlyArray<SourceFile>,
  quickAbove = Infinity
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
    const parse: typeof pending = []
    for (const [i, p] of pending) {
      if (looksGenerated(p.source)) tags[i] = empty(p.file)
      else parse.push([i, p])
    }
    // much to parse: provisional tags now, tree-sitter later (for the files the map shows, then the rest)
    const quick = parse.reduce((n, [, p]) => n + p.source.length, 0) > quickAbove
    if (!quick && parse.length > 0) {
      const languages = new Map<string, LanguageSpec>(parse.map(([, p]) => [p.file.language.id, p.file.language]))
      yield* Effect.promise(() => extractor.load(languages.values()))
    }
    if (quick) {
      yield* Effect.sync(() => {
        for (const [i, p] of parse) tags[i] = extractor.quick(p.file.path, p.file.language, p.source)
      })
    }
    const pooled = !quick && pool && worthPooling(parse) ? yield* viaPool(pool, parse) : []
    pooled.forEach((t, k) => (tags[parse[k]![0]] = t))
    // what the pool did not do, in batches of files per step: interruptible, without a step per file
    const rest = parse.filter(([i]) => tags[i] === undefined)
    const batch = 16
    for (let start = 0; start < rest.length; start += batch) {
      yield* Effect.sync(() => {
        for (const [i, p] of rest.slice(start, start + batch)) tags[i] = extractor.extract(p.file.path, p.file.language, p.source)
      })
    }
    const provisional = new Set(quick ? parse.map(([i]) => i) : [])
    for (const [i, p] of pending) cache.store(rootCache, p.file, p.hash, tags[i]!, !provisional.has(i))
    cache.prune(rootCache, sources)
    return { tags: tags.filter((t): t is FileTags => t !== undefined), cacheHits, parsed: pending.length }
  })
