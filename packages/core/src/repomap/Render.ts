/**
 * Rendering and budget fit: the top N ranked definitions, grouped by file (files in the order of their
 * best definition, definitions in line order), with N chosen by binary search so that the text's token
 * estimate lands as close under the budget as the granularity of one line allows.
 *
 * @internal
 */
import type { RankedDef } from "./PageRank.js"
import type { Def, FileTags } from "./Tags.js"

/** Characters per token used for the estimate (the usual figure for code with BPE tokenisers). */
export const charsPerToken = 4

/**
 * Renders the best of a ranking into the budget. A shown definition costs at least a few characters, so
 * only the best `budget / 8` or so need sorting; more are fetched if they all fit.
 */
export const renderRanking = (
  important: ReadonlyArray<string>,
  files: ReadonlyArray<FileTags>,
  ranking: { readonly total: number; readonly top: (k: number) => ReadonlyArray<RankedDef> },
  tokenBudget: number
): Rendered => {
  for (let k = Math.ceil((tokenBudget * charsPerToken) / 8) + 64; ; k *= 4) {
    const top = ranking.top(k)
    const rendered = render(important, files, top, ranking.total, tokenBudget)
    if (rendered.symbols < top.length || top.length >= ranking.total) return rendered
  }
}

/** The rendered map and how much of the ranking it holds. */
export interface Rendered {
  readonly text: string
  readonly symbols: number
  readonly files: number
  readonly truncated: boolean
}

const header = (important: ReadonlyArray<string>) => (important.length > 0 ? `Key files: ${important.join(", ")}\n\n` : "")

const renderTop = (
  important: ReadonlyArray<string>,
  files: ReadonlyArray<FileTags>,
  ranked: ReadonlyArray<RankedDef>,
  count: number
): { text: string; files: number } => {
  const order: Array<number> = []
  const chosen = new Map<number, Array<RankedDef>>()
  for (let k = 0; k < count; k++) {
    const r = ranked[k]!
    const list = chosen.get(r.file)
    if (list) list.push(r)
    else {
      chosen.set(r.file, [r])
      order.push(r.file)
    }
  }
  const parts: Array<string> = [header(important)]
  for (const file of order) {
    parts.push(`${files[file]!.path}:\n`)
    const lines = new Map<number, string>()
    const names = new Set<string>()
    for (const { def, index } of chosen.get(file)!) {
      // one line per name and kind in a file: overloads and re-declarations add nothing to a map
      if (names.has(`${def.kind}:${def.name}`)) continue
      names.add(`${def.kind}:${def.name}`)
      lines.set(def.line, def.text)
      for (const outer of enclosing(files[file]!.defs, index)) lines.set(outer.line, outer.text)
    }
    for (const line of [...lines.keys()].sort((a, b) => a - b)) parts.push(`  ${lines.get(line)}\n`)
  }
  return { text: parts.join(""), files: order.length }
}

const parentsMemo = new WeakMap<ReadonlyArray<Def>, Int32Array>()

/** For each definition (in line order), the index of the one that encloses it, or -1. Memoised. */
const parentsOf = (defs: ReadonlyArray<Def>): Int32Array => {
  let parents = parentsMemo.get(defs)
  if (parents) return parents
  parents = new Int32Array(defs.length).fill(-1)
  const open: Array<number> = []
  defs.forEach((d, k) => {
    while (open.length > 0 && defs[open[open.length - 1]!]!.end < d.end) open.pop()
    const top = open[open.length - 1]
    if (top !== undefined && defs[top]!.line < d.line) parents![k] = top
    if (d.end > d.line) open.push(k)
  })
  parentsMemo.set(defs, parents)
  return parents
}

/** The definitions around `def` (its class, namespace, ...), shown as context. */
const enclosing = (defs: ReadonlyArray<Def>, index: number): Array<Def> => {
  const parents = parentsOf(defs)
  let k = index
  const out: Array<Def> = []
  while (k >= 0 && (k = parents[k]!) >= 0) out.push(defs[k]!)
  return out
}

/**
 * Fits the ranked definitions into `tokenBudget` tokens (estimated as characters / 4): the largest
 * prefix of `ranked` (the best of `total` definitions) whose text fits, found by doubling then bisecting.
 */
export const render = (
  important: ReadonlyArray<string>,
  files: ReadonlyArray<FileTags>,
  ranked: ReadonlyArray<RankedDef>,
  total: number,
  tokenBudget: number
): Rendered => {
  const maxChars = tokenBudget * charsPerToken
  const fits = (count: number) => renderTop(important, files, ranked, count).text.length <= maxChars
  let lo = 0
  let hi = Math.min(64, ranked.length)
  while (hi < ranked.length && fits(hi)) {
    lo = hi
    hi = Math.min(hi * 2, ranked.length)
  }
  if (hi === ranked.length && fits(hi)) lo = hi
  else {
    // invariant: lo fits, hi does not
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if (fits(mid)) lo = mid
      else hi = mid
    }
  }
  const best = renderTop(important, files, ranked, lo)
  return { text: best.text, symbols: lo, files: best.files, truncated: lo < total }
}
