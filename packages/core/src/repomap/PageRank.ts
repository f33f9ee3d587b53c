/**
 * Ranking, after Aider's repo map: PageRank over the reference graph, personalised to the task (its
 * files get extra restart weight, its identifiers weigh ten times more), then each file's rank shared
 * out over the definitions it refers to.
 *
 * @internal
 */
import type { Graph } from "./Graph.js"
import { baseWeight, maxDefiners } from "./Graph.js"
import type { Focus } from "./Mentions.js"
import type { Def } from "./Tags.js"

/** A definition with its score; the higher, the earlier it is shown. */
export interface RankedDef {
  readonly file: number
  /** The definition's index in its file's `defs`. */
  readonly index: number
  readonly def: Def
  readonly score: number
}

const damping = 0.85
const maxIterations = 60
const tolerance = 1e-9
const focusBoost = 10

/** PageRank with the task's extra edge weight, restarting at the task's files. */
const pagerank = (graph: Graph, focus: Focus, out: Float64Array): Float64Array => {
  const n = graph.files.length
  const extra = { src: [] as Array<number>, dst: [] as Array<number>, weight: [] as Array<number> }
  for (const name of focus.identifiers) {
    const m = graph.mentions.get(name)
    const targets = graph.definers.get(name)
    if (!m || !targets) continue
    m.files.forEach((i, k) => {
      for (const j of targets) {
        if (j === i) continue
        const w = (focusBoost - 1) * m.weights[k]!
        extra.src.push(i), extra.dst.push(j), extra.weight.push(w)
        out[i]! += w
      }
    })
  }
  const personal = new Float64Array(n).fill(1 / Math.max(n, 1))
  const focused = graph.files.flatMap((f, i) => (focus.files.has(f.path) ? [i] : []))
  for (const i of focused) personal[i]! += 100 / focused.length
  const total = personal.reduce((a, b) => a + b, 0)
  for (let i = 0; i < n; i++) personal[i]! /= total
  let rank = Float64Array.from(personal)
  const { src, dst, weight } = graph
  for (let it = 0; it < maxIterations; it++) {
    const next = new Float64Array(n)
    let dangling = 0
    for (let i = 0; i < n; i++) if (out[i] === 0) dangling += rank[i]!
    for (let e = 0; e < src.length; e++) next[dst[e]!]! += (rank[src[e]!]! * weight[e]!) / out[src[e]!]!
    for (let e = 0; e < extra.src.length; e++) {
      next[extra.dst[e]!]! += (rank[extra.src[e]!]! * extra.weight[e]!) / out[extra.src[e]!]!
    }
    let delta = 0
    for (let i = 0; i < n; i++) {
      next[i] = damping * next[i]! + (1 - damping + damping * dangling) * personal[i]!
      delta += Math.abs(next[i]! - rank[i]!)
    }
    rank = next
    if (delta < tolerance) break
  }
  return rank
}

/**
 * Scores every definition. Definitions the task names (and few files define) come first, then those of
 * files the task names, then the rest by the rank that flows to them; a definition nobody refers to still
 * gets a small share of its file's rank, so a file's own symbols follow the referenced ones.
 */
export const rankDefs = (graph: Graph, focus: Focus): Array<RankedDef> => {
  const out = Float64Array.from(graph.out)
  const rank = pagerank(graph, focus, out)
  const boost = (name: string) => (focus.identifiers.has(name) ? focusBoost : 1)
  // rank flowing to each definer of `name`: the same for all of them, less a file's own mentions
  const inflow = new Map<string, number>()
  const flowTo = (name: string): number => {
    let s = inflow.get(name)
    if (s !== undefined) return s
    const m = graph.mentions.get(name)
    s = 0
    if (m) m.files.forEach((i, k) => (s! += out[i]! > 0 ? (rank[i]! * m.weights[k]! * boost(name)) / out[i]! : 0))
    inflow.set(name, s)
    return s
  }
  const ranked: Array<RankedDef> = []
  graph.files.forEach((f, i) => {
    f.defs.forEach((def, index) => {
      const definers = graph.definers.get(def.name)?.length ?? 0
      let score = rank[i]! * 1e-3
      if (definers <= maxDefiners) {
        score += flowTo(def.name)
        const own = f.refs[def.name]
        if (own !== undefined && out[i]! > 0) score -= (rank[i]! * baseWeight(def.name, definers) * Math.sqrt(own) * boost(def.name)) / out[i]!
      }
      if (focus.identifiers.has(def.name) && definers <= 5) score += 2
      else if (focus.files.has(f.path)) score += 1
      ranked.push({ file: i, index, def, score })
    })
  })
  return ranked.sort((a, b) => b.score - a.score || a.file - b.file || a.def.line - b.def.line)
}
