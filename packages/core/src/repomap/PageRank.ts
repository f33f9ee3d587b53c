/**
 * Ranking, after Aider's repo map: a graph of files where a file that mentions an identifier defined in
 * another file has an edge to it, PageRank personalised to the task's focus, and each file's rank shared
 * out over the definitions its edges point at.
 *
 * @internal
 */
import type { Focus } from "./Mentions.js"
import type { Def, FileTags } from "./Tags.js"

/** A definition with its score; the higher, the earlier it is shown. */
export interface RankedDef {
  readonly file: number
  readonly def: Def
  readonly score: number
}

/** Identifiers defined in more files than this are too generic to link files (`get`, `init`, ...). */
const maxDefiners = 30
const damping = 0.85
const iterations = 40

const identWeight = (ident: string, definers: number, focus: Focus): number => {
  let w = 1
  if (focus.identifiers.has(ident)) w *= 10
  if (ident.length >= 8 && /[a-z][A-Z]|_/.test(ident)) w *= 10
  if (ident.startsWith("_")) w *= 0.1
  if (definers > 5) w *= 0.1
  return w
}

/**
 * Scores every definition of every file. Definitions named by the task come first, then those of files
 * the task names, then the rest by rank; a definition nobody references still gets a small share of its
 * file's rank, so a file's own symbols follow the referenced ones.
 */
export const rankDefs = (files: ReadonlyArray<FileTags>, focus: Focus): Array<RankedDef> => {
  const n = files.length
  const definers = new Map<string, Array<number>>()
  files.forEach((f, i) => {
    for (const d of f.defs) {
      const list = definers.get(d.name)
      if (list === undefined) definers.set(d.name, [i])
      else if (list[list.length - 1] !== i) list.push(i)
    }
  })
  const src: Array<number> = []
  const dst: Array<number> = []
  const weight: Array<number> = []
  const ident: Array<string> = []
  const out = new Float64Array(n)
  files.forEach((f, i) => {
    for (const name in f.refs) {
      const targets = definers.get(name)
      if (targets === undefined || targets.length > maxDefiners) continue
      const w = identWeight(name, targets.length, focus) * Math.sqrt(f.refs[name]!)
      for (const j of targets) {
        if (j === i) continue
        src.push(i), dst.push(j), weight.push(w), ident.push(name)
        out[i]! += w
      }
    }
  })
  const personal = new Float64Array(n).fill(1 / Math.max(n, 1))
  const focused = files.flatMap((f, i) => (focus.files.has(f.path) ? [i] : []))
  for (const i of focused) personal[i]! += 100 / focused.length
  const total = personal.reduce((a, b) => a + b, 0)
  for (let i = 0; i < n; i++) personal[i]! /= total
  let rank = Float64Array.from(personal)
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(n)
    let dangling = 0
    for (let i = 0; i < n; i++) if (out[i] === 0) dangling += rank[i]!
    for (let e = 0; e < src.length; e++) next[dst[e]!]! += (damping * rank[src[e]!]! * weight[e]!) / out[src[e]!]!
    for (let i = 0; i < n; i++) next[i]! += (1 - damping + damping * dangling) * personal[i]!
    rank = next
  }
  const shares = new Map<string, number>()
  for (let e = 0; e < src.length; e++) {
    const key = `${dst[e]}\u0000${ident[e]}`
    shares.set(key, (shares.get(key) ?? 0) + (rank[src[e]!]! * weight[e]!) / out[src[e]!]!)
  }
  const ranked: Array<RankedDef> = []
  files.forEach((f, i) => {
    for (const def of f.defs) {
      let score = (shares.get(`${i}\u0000${def.name}`) ?? 0) + rank[i]! * 1e-3
      if (focus.identifiers.has(def.name) && (definers.get(def.name)?.length ?? 0) <= 5) score += 2
      else if (focus.files.has(f.path)) score += 1
      ranked.push({ file: i, def, score })
    }
  })
  return ranked.sort((a, b) => b.score - a.score || a.file - b.file || a.def.line - b.def.line)
}
