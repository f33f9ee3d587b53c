/**
 * The tree-sitter repo map: walk, cached extraction, PageRank, budget fit.
 */
import { Effect, Layer, Schema } from "effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import type { RootCache } from "./Cache.js"
import { makeCache } from "./Cache.js"
import { collect } from "./Collect.js"
import { makeExtractor } from "./Extract.js"
import { makeGraphKeeper } from "./Graph.js"
import type { Focus } from "./Mentions.js"
import { focusOf } from "./Mentions.js"
import { makePool } from "./Pool.js"
import type { Ranking } from "./PageRank.js"
import { makeRanker } from "./PageRank.js"
import type { Rendered } from "./Render.js"
import { charsPerToken, renderRanking } from "./Render.js"
import type { BuildOptions, RepoMapResult } from "./RepoMap.js"
import { BuildOptions as BuildOptionsSchema, defaultTokenBudget, RepoMap, RepoMapError } from "./RepoMap.js"
import type { FileTags } from "./Tags.js"
import { provisionalOf, upgrade } from "./Upgrade.js"
import type { SourceFile, WalkMemo } from "./Walk.js"
import { walk } from "./Walk.js"

/** Settings of the live repo map; every field has a default. */
export interface RepoMapSettings {
  /** Folder for the on-disk tag cache (one file per repository root). Absent: the cache is in memory only. */
  readonly cacheDir?: string
  /** Files larger than this are skipped as too large to be hand-written source. Default 1 MiB. */
  readonly maxFileBytes?: number
  /** At most this many source files are read per build. Default 50,000. */
  readonly maxFiles?: number
  /**
   * Worker threads for parsing in cold builds (only when running from the built package). Default 0:
   * on the 2-core benchmark machine, busy with other work, the pool was slower than one thread
   * (docs/benchmarks.md); set it to the number of idle cores where they exist.
   */
  readonly workers?: number
  /**
   * Source bytes a build extracts with tree-sitter before answering. Above it (a cold or much changed tree)
   * the build maps from provisional regex tags, parses only the files the map shows, and parses the rest
   * in the background. Default 1 MB; `Infinity` always parses everything first.
   */
  readonly parseNowBytes?: number
}

interface RootState {
  readonly graph: ReturnType<typeof makeGraphKeeper>
  readonly rank: ReturnType<typeof makeRanker>
  last: { readonly ranking: Ranking; readonly key: string; readonly rendered: Rendered } | undefined
}

/** Folder listings are kept for this many roots. */
const maxMemos = 16

const chunks = <A>(items: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, k) => items.slice(k * size, (k + 1) * size))

const decodeOptions = Schema.decodeUnknown(BuildOptionsSchema)

const checkRoot = (root: string) =>
  Effect.try({
    try: () => Fs.statSync(root),
    catch: (cause) => new RepoMapError({ root, reason: "RootNotFound", cause })
  }).pipe(
    Effect.filterOrFail(
      (stat) => stat.isDirectory(),
      () => new RepoMapError({ root, reason: "NotADirectory" })
    )
  )

/** Makes the live service. The tree-sitter runtime is loaded once here; grammars load on first use. */
export const make = Effect.fn("RepoMapLive.make")(function* (settings: RepoMapSettings = {}) {
  const extractor = yield* Effect.promise(() => makeExtractor())
  yield* Effect.addFinalizer(() => Effect.sync(() => extractor.dispose()))
  const pool = (settings.workers ?? 0) > 1 ? makePool(settings.workers) : undefined
  if (pool) yield* Effect.addFinalizer(() => Effect.promise(() => pool.close()))
  const cache = makeCache(settings.cacheDir)
  const scope = yield* Effect.scope
  // per cache key (a repository's checkouts share one): the reference graph (patched as files change),
  // the ranker (warm-started) and the last rendering (the same ranking and budget render the same text)
  const states = new Map<string, RootState>()
  // per root: folder listings, for the most recently mapped roots (task worktrees come and go)
  const memos = new Map<string, WalkMemo>()
  const memoOf = (root: string): WalkMemo => {
    const memo = memos.get(root) ?? new Map()
    memos.delete(root)
    memos.set(root, memo)
    if (memos.size > maxMemos) memos.delete(memos.keys().next().value!)
    return memo
  }
  // cache keys whose provisional tags a background fiber is replacing
  const upgrading = new Set<string>()
  const stateOf = (key: string): RootState => {
    let r = states.get(key)
    if (r === undefined) states.set(key, (r = { graph: makeGraphKeeper(), rank: makeRanker(), last: undefined }))
    return r
  }
  const renderFor = (state: RootState, important: ReadonlyArray<string>, files: ReadonlyArray<FileTags>, focus: Focus, budget: number) => {
    const ranking = state.rank(state.graph(files), focus)
    const key = `${budget}\u0000${important.join("\u0000")}`
    if (state.last?.ranking === ranking && state.last.key === key) return state.last.rendered
    const rendered = renderRanking(important, files, ranking, budget)
    state.last = { ranking, key, rendered }
    return rendered
  }
  const saveCache = (key: string, rootCache: RootCache) =>
    Effect.try(() => cache.save(key, rootCache)).pipe(
      Effect.catchAll((cause) => Effect.logWarning("repo map: cache not saved", cause))
    )
  // the rest of a provisionally mapped tree, between builds; saved every few hundred files
  const background = (key: string, rootCache: RootCache, files: ReadonlyArray<SourceFile>) =>
    Effect.zipRight(saveCache(key, rootCache), Effect.forEach(chunks(files, 256), (chunk) => Effect.zipRight(upgrade(cache, rootCache, extractor, chunk), saveCache(key, rootCache)), {
      discard: true
    })).pipe(Effect.ensuring(Effect.sync(() => upgrading.delete(key))))
  // what a closing layer leaves unsaved (an interrupted background fiber's work) is saved on the way out
  yield* Effect.addFinalizer(() => Effect.forEach(cache.loaded(), ([key, rootCache]) => saveCache(key, rootCache), { discard: true }))
  const quickAbove = settings.parseNowBytes ?? 1_000_000
  const walkOptions = { maxFileBytes: settings.maxFileBytes ?? 1024 * 1024, maxFiles: settings.maxFiles ?? 50_000 }

  const build = Effect.fn("RepoMap.build")(function* (root: string, input: BuildOptions = {}) {
    const started = performance.now()
    const abs = Path.resolve(root)
    const options = yield* decodeOptions(input).pipe(
      Effect.mapError((cause) => new RepoMapError({ root: abs, reason: "InvalidOptions", detail: cause.message }))
    )
    yield* checkRoot(abs)
    const key = options.cacheKey ?? abs
    const state = stateOf(key)
    const walked = walk(abs, walkOptions, memoOf(abs))
    const rootCache = cache.forRoot(abs, key)
    const collected = yield* collect(cache, rootCache, extractor, pool, walked.sources, quickAbove)
    let files = collected.tags
    const paths = files.map((f) => f.path)
    const focus = focusOf(options.taskText ?? "", options.mentionedFiles ?? [], abs, paths)
    const budget = options.tokenBudget ?? defaultTokenBudget
    let rendered = renderFor(state, walked.important, files, focus, budget)
    let shown = shownFiles(rendered.text, paths)
    // what the map shows comes from tree-sitter: shown files with provisional tags are parsed now, and the
    // map ranked again (a few rounds at most: new tags can move other files in)
    for (let round = 0; round < 3; round++) {
      const todo = walked.sources.filter((s) => shown.includes(s.path) && cache.provisional(rootCache, s.path))
      if (todo.length === 0) break
      yield* upgrade(cache, rootCache, extractor, todo)
      // a new array: the graph keeper compares files with the array it saw last
      files = [...files]
      for (const s of todo) files[paths.indexOf(s.path)] = cache.tagsOf(rootCache, s.path)!
      rendered = renderFor(state, walked.important, files, focus, budget)
      shown = shownFiles(rendered.text, paths)
    }
    const provisional = provisionalOf(cache, rootCache, walked.sources)
    // with provisional tags, the background fiber saves (first thing, then as it goes), after the answer
    if (provisional.length === 0) yield* saveCache(key, rootCache)
    else if (!upgrading.has(key)) {
      upgrading.add(key)
      yield* Effect.forkIn(background(key, rootCache, provisional), scope)
    }
    const result: RepoMapResult = {
      text: rendered.text,
      files: shown,
      stats: {
        files: files.length,
        symbols: files.reduce((n, f) => n + f.defs.length, 0),
        shownSymbols: rendered.symbols,
        chars: rendered.text.length,
        tokens: Math.ceil(rendered.text.length / charsPerToken),
        truncated: rendered.truncated,
        ms: Math.round(performance.now() - started),
        cacheHits: collected.cacheHits,
        parsed: collected.parsed,
        provisional: provisional.length
      }
    }
    yield* Effect.annotateCurrentSpan({ root: abs, ...result.stats })
    return result
  })

  return RepoMap.of({ build })
})

const shownFiles = (text: string, paths: ReadonlyArray<string>): Array<string> => {
  const known = new Set(paths)
  return text.split("\n").flatMap((line) => (line.endsWith(":") && known.has(line.slice(0, -1)) ? [line.slice(0, -1)] : []))
}

/** The live layer. */
export const layer = (settings: RepoMapSettings = {}): Layer.Layer<RepoMap> => Layer.scoped(RepoMap, make(settings))
