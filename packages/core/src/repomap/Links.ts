/**
 * The identifiers that link files, laid out in flat arrays for the PageRank walk, with per-definition
 * lookups for scoring. Rebuilt once per graph version, in time linear in the mentions and definitions:
 * what depends on one file only (its definitions' identifier ids) is computed once per file version.
 *
 * @internal
 */
import type { Graph, Ident } from "./Graph.js"
import type { FileTags } from "./Tags.js"
import { baseWeight, maxDefiners } from "./Graph.js"

/**
 * The linking identifiers in flat arrays. Link `a` has mentions `mStart[a]..mStart[a+1]` (file, weight)
 * and definers `dStart[a]..dStart[a+1]` (file, and that file's own mention weight or 0).
 */
export interface Prepared {
  readonly version: number
  readonly names: Array<string>
  /** Link index by identifier id, or -1. */
  readonly linkOf: Int32Array
  readonly mStart: Int32Array
  readonly mFile: Int32Array
  readonly mWeight: Float64Array
  readonly dStart: Int32Array
  readonly dFile: Int32Array
  readonly dSelf: Float64Array
  readonly out: Float64Array
  /** Per definition (files in order, defs in order): its file, its index there, its link or -1, and
   * its file's own mention weight of that link (which does not flow to itself). */
  readonly defFile: Int32Array
  readonly defIndex: Int32Array
  readonly defLink: Int32Array
  readonly defSelf: Float64Array
}

export const prepare = (graph: Graph): Prepared => {
  const linking: Array<Ident> = []
  let mentions = 0
  let definitions = 0
  for (const ident of graph.defined) {
    const defs = ident.definers
    const m = ident.mentionFiles
    if (defs.length > maxDefiners || m.length === 0) continue
    if (defs.length === 1 && m.length === 1 && m[0] === defs[0]) continue
    linking.push(ident)
    mentions += m.length
    definitions += defs.length
  }
  const linkOf = new Int32Array(graph.idents.size).fill(-1)
  const base = new Float64Array(linking.length)
  const p: Prepared = {
    version: graph.version, names: linking.map((i) => i.name), linkOf,
    mStart: new Int32Array(linking.length + 1), mFile: new Int32Array(mentions), mWeight: new Float64Array(mentions),
    dStart: new Int32Array(linking.length + 1), dFile: new Int32Array(definitions), dSelf: new Float64Array(definitions),
    out: new Float64Array(graph.files.length),
    ...definitionArrays(graph)
  }
  let mi = 0
  let di = 0
  linking.forEach((ident, a) => {
    linkOf[ident.id] = a
    const defs = ident.definers
    base[a] = baseWeight(ident.name, defs.length)
    p.mStart[a] = mi
    p.dStart[a] = di
    for (const d of defs) p.dFile[di++] = d
    for (let k = 0; k < ident.mentionFiles.length; k++) {
      const f = ident.mentionFiles[k]!
      const w = base[a]! * Math.sqrt(ident.mentionCounts[k]!)
      p.mFile[mi] = f
      p.mWeight[mi++] = w
      const own = defs.indexOf(f)
      if (own >= 0) p.dSelf[p.dStart[a]! + own] = w
      p.out[f]! += w * (defs.length - (own >= 0 ? 1 : 0))
    }
  })
  p.mStart[linking.length] = mi
  p.dStart[linking.length] = di
  // per definition: its link, and its own file's mention weight of it (from per-file cached lookups)
  let k = 0
  for (const f of graph.files) {
    const own = ownIdents(graph, f)
    for (let d = 0; d < own.ids.length; d++, k++) {
      const a = linkOf[own.ids[d]!]!
      p.defLink[k] = a
      if (a >= 0) p.defSelf[k] = base[a]! * own.selfSqrt[d]!
    }
  }
  return p
}

interface Own {
  readonly idents: Graph["idents"]
  readonly ids: Int32Array
  readonly selfSqrt: Float64Array
}

// FileTags from the cache are the same objects build after build: their lookups are done once
const owns = new WeakMap<FileTags, Own>()

/** For each definition of a file, its identifier id and the square root of the file's own mentions of it. */
const ownIdents = (graph: Graph, f: FileTags): Own => {
  const known = owns.get(f)
  if (known?.idents === graph.idents) return known
  const ids = new Int32Array(f.defs.length)
  const selfSqrt = new Float64Array(f.defs.length)
  f.defs.forEach((def, d) => {
    ids[d] = graph.idents.get(def.name)!.id
    selfSqrt[d] = Math.sqrt(f.refs[def.name] ?? 0)
  })
  const own = { idents: graph.idents, ids, selfSqrt }
  owns.set(f, own)
  return own
}
const definitionArrays = (graph: Graph) => {
  const count = graph.files.reduce((n, f) => n + f.defs.length, 0)
  const defFile = new Int32Array(count)
  const defIndex = new Int32Array(count)
  let k = 0
  graph.files.forEach((f, i) => {
    for (let d = 0; d < f.defs.length; d++, k++) {
      defFile[k] = i
      defIndex[k] = d
    }
  })
  return { defFile, defIndex, defLink: new Int32Array(count), defSelf: new Float64Array(count) }
}

