/**
 * A scripted repo map for tests of code that uses `RepoMap`: every build returns the given text, and the
 * builds are recorded so a test can check what was asked for.
 */
import { Effect, Layer, Ref } from "effect"
import type { BuildOptions } from "./RepoMap.js"
import { RepoMap } from "./RepoMap.js"

/** One recorded build request. */
export interface BuildCall {
  readonly root: string
  readonly options: BuildOptions
}

/** Makes a scripted map that answers `text`, and the list of builds it was asked for. */
export const make = (text: string) =>
  Effect.gen(function* () {
    const calls = yield* Ref.make<ReadonlyArray<BuildCall>>([])
    const service = RepoMap.of({
      build: (root, options = {}) =>
        Ref.update(calls, (list) => [...list, { root, options }]).pipe(
          Effect.as({
            text,
            files: [],
            stats: {
              files: 0, symbols: 0, shownSymbols: 0, chars: text.length, tokens: Math.ceil(text.length / 4),
              truncated: false, ms: 0, cacheHits: 0, parsed: 0, provisional: 0
            }
          })
        )
    })
    return { service, calls: Ref.get(calls) }
  })

/** A layer whose map always answers `text`. */
export const layer = (text: string): Layer.Layer<RepoMap> =>
  Layer.effect(RepoMap, Effect.map(make(text), (m) => m.service))
