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
    for (const { def } of chosen.get(file)!) {
      // one line per name and kind in a file: overloads and re-declarations add nothing to a map
      if (names.has(`${def.kind}:${def.name}`)) continue
      names.add(`${def.kind}:${def.name}`)
      lines.set(def.line, def.text)
      for (const outer of enclosing(files[file]!.defs, def)) lines.set(outer.line, outer.text)
    }
    for (const line of [...lines.keys()].sort((a, b) => a - b)) parts.push(`  ${lines.get(line)}\n`)
  }
  return { text: parts.join(""), files: order.length }
}

/** The definitions around `def` (its class, namespace, ...), shown as context. `defs` is in line order. */
const enclosing = (defs: ReadonlyArray<Def>, def: Def): Array<Def> => {
  const out: Array<Def> = []
  for (const d of defs) {
    if (d.line >= def.line) break
    if (d.end >= def.end && d.end > d.line) out.push(d)
  }
  return out
}

/** Fits the ranked definitions into `tokenBudget` tokens (estimated as characters / 4). */
export const render = (
  important: ReadonlyArray<string>,
  files: ReadonlyArray<FileTags>,
  ranked: ReadonlyArray<RankedDef>,
  tokenBudget: number
): Rendered => {
  const maxChars = tokenBudget * charsPerToken
  const all = renderTop(important, files, ranked, ranked.length)
  if (all.text.length <= maxChars) return { text: all.text, symbols: ranked.length, files: all.files, truncated: false }
  let lo = 0
  let hi = ranked.length
  let best = { text: header(important), files: 0 }
  let bestCount = 0
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const candidate = renderTop(important, files, ranked, mid)
    if (candidate.text.length <= maxChars) {
      best = candidate
      bestCount = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return { text: best.text, symbols: bestCount, files: best.files, truncated: true }
}
