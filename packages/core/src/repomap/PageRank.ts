/**
 * Ranking, after Aider's repo map: PageRank over the reference graph, personalised to the task (its
 * files get extra restart weight, its identifiers weigh ten times more), then the rank flowing along
 * each identifier shared out to its definitions.
 *
 * The walk runs per identifier (rank flows from its mentioning files to its defining files), which is
 * cheaper than per file pair, and starts from the previous result, so re-ranking a slightly changed
 * graph takes a few iterations.
 *
 * @internal
 */
import type { Graph } from "./Graph.js"
import type { Prepared } from "./Links.js"
import { prepare } from "./Links.js"
import type { Focus } from "./Mentions.js"
import type { Def } from "./Tags.js"
import { selectTop } from "./TopK.js"

/** A definition with its score; the higher, the earlier it is shown. */
export interface RankedDef {
  readonly file: number
  /** The definition's index in its file's `defs`. */
  readonly index: number
  readonly def: Def
  readonly score: number
}

/** The scores of all definitions; `top(k)` sorts out the best `k`. */
export interface Ranking {
  readonly total: number
  readonly top: (k: number) => Array<RankedDef>
}

const damping = 0.85
const maxIterations = 100
// L1 change of the rank vector (which sums to 1) at which the walk stops: far below what reorders a map
const tolerance = 1e-5
const focusBoost = 10

/** One pass: the rank each link carries, given `rf[f]` = rank of f / weight leaving f. */
const inflows = (p: Prepared, boost: Float64Array, rf: Float64Array, into: Float64Array) => {
  for (let a = 0; a < p.names.length; a++) {
    let s = 0
    for (let k = p.mStart[a]!; k < p.mStart[a + 1]!; k++) s += rf[p.mFile[k]!]! * p.mWeight[k]!
    into[a] = s * boost[a]!
  }
}

const perWeight = (rank: Float64Array, out: Float64Array, into: Float64Array) => {
  for (let i = 0; i < rank.length; i++) into[i] = out[i]! > 0 ? rank[i]! / out[i]! : 0
}

/** A ranker for one root: remembers its preparation per graph version and its last rank vector. */
export const makeRanker = () => {
  let prepared: Prepared | undefined
  let last: Float64Array | undefined
  let memo: { version: number; key: string; ranking: Ranking } | undefined
  return (graph: Graph, focus: Focus): Ranking => {
    // the same task on the same graph: the same ranking (a warm rebuild for the same prompt)
    const key = `${[...focus.identifiers].sort().join(" ")}\u0000${[...focus.files].sort().join(" ")}`
    if (memo?.version === graph.version && memo.key === key) return memo.ranking
    if (prepared?.version !== graph.version) prepared = prepare(graph)
    const p = prepared
    const n = graph.files.length
    const boost = new Float64Array(p.names.length).fill(1)
    const out = Float64Array.from(p.out)
    for (const name of focus.identifiers) {
      const id = graph.idents.get(name)?.id
      const a = id === undefined ? -1 : p.linkOf[id]!
      if (a < 0) continue
      boost[a] = focusBoost
      const defs = p.dFile.subarray(p.dStart[a]!, p.dStart[a + 1]!)
      for (let k = p.mStart[a]!; k < p.mStart[a + 1]!; k++) {
        const f = p.mFile[k]!
        out[f]! += (focusBoost - 1) * p.mWeight[k]! * (defs.length - (defs.includes(f) ? 1 : 0))
      }
    }
    const personal = new Float64Array(n).fill(1)
    const focused = graph.files.flatMap((f, i) => (focus.files.has(f.path) ? [i] : []))
    for (const i of focused) personal[i]! += (100 * n) / focused.length
    const total = personal.reduce((a, b) => a + b, 0)
    for (let i = 0; i < n; i++) personal[i]! /= total
    let rank = last?.length === n ? Float64Array.from(last) : Float64Array.from(personal)
    const flow = new Float64Array(p.names.length)
    const rf = new Float64Array(n)
    for (let it = 0; it < maxIterations; it++) {
      perWeight(rank, out, rf)
      inflows(p, boost, rf, flow)
      const next = new Float64Array(n)
      for (let a = 0; a < p.names.length; a++) {
        for (let d = p.dStart[a]!; d < p.dStart[a + 1]!; d++) {
          const j = p.dFile[d]!
          next[j]! += flow[a]! - rf[j]! * p.dSelf[d]! * boost[a]!
        }
      }
      let dangling = 0
      for (let i = 0; i < n; i++) if (out[i] === 0) dangling += rank[i]!
      let delta = 0
      for (let i = 0; i < n; i++) {
        next[i] = damping * next[i]! + (1 - damping + damping * dangling) * personal[i]!
        delta += Math.abs(next[i]! - rank[i]!)
      }
      rank = next
      if (delta < tolerance) break
    }
    last = rank
    perWeight(rank, out, rf)
    inflows(p, boost, rf, flow)
    const ranking = score(graph, focus, p, boost, rf, rank, flow)
    memo = { version: graph.version, key, ranking }
    return ranking
  }
}

const score = (
  graph: Graph, focus: Focus, p: Prepared, boost: Float64Array, rf: Float64Array, rank: Float64Array, flow: Float64Array
): Ranking => {
  const count = p.defFile.length
  const scores = new Float64Array(count)
  for (let k = 0; k < count; k++) {
    const i = p.defFile[k]!
    const a = p.defLink[k]!
    scores[k] = rank[i]! * 1e-3 + (a >= 0 ? flow[a]! - rf[i]! * p.defSelf[k]! * boost[a]! : 0)
  }
  if (focus.identifiers.size > 0 || focus.files.size > 0) {
    for (let k = 0; k < count; k++) {
      const f = graph.files[p.defFile[k]!]!
      const name = f.defs[p.defIndex[k]!]!.name
      if (focus.identifiers.has(name) && (graph.idents.get(name)?.definers.length ?? 0) <= 5) scores[k]! += 2
      else if (focus.files.has(f.path)) scores[k]! += 1
    }
  }
  // best first; ties in file order, then source order (definition index order is exactly that)
  const order = (a: number, b: number) => scores[b]! - scores[a]! || a - b
  return {
    total: count,
    top: (k) =>
      selectTop(count, k, order).map((d) => {
        const file = p.defFile[d]!
        const index = p.defIndex[d]!
        return { file, index, def: graph.files[file]!.defs[index]!, score: scores[d]! }
      })
  }
}
