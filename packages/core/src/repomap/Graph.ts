/**
 * The reference graph of a set of files, independent of any task: who defines each identifier, who
 * mentions it and how often, and the file-to-file edges with their base weights, merged per file pair.
 * It is rebuilt only when some file's tags change (see `graphFor`).
 *
 * @internal
 */
import type { FileTags } from "./Tags.js"

/** Identifiers defined in more files than this are too generic to link files (`get`, `init`, ...). */
export const maxDefiners = 30

/** The files that mention one identifier, with the base weight of each mention. */
export interface Mentions {
  readonly files: Array<number>
  readonly weights: Array<number>
}

export interface Graph {
  readonly files: ReadonlyArray<FileTags>
  readonly definers: ReadonlyMap<string, ReadonlyArray<number>>
  readonly mentions: ReadonlyMap<string, Mentions>
  /** Merged edges: `src[e]` refers to `dst[e]` with total base weight `weight[e]`. */
  readonly src: Int32Array
  readonly dst: Int32Array
  readonly weight: Float64Array
  /** Total base weight leaving each file. */
  readonly out: Float64Array
}

/** Aider's weighting, less the task: long compound names count more, private and generic ones less. */
export const baseWeight = (ident: string, definers: number): number => {
  let w = 1
  if (ident.length >= 8 && /[a-z][A-Z]|_/.test(ident)) w *= 10
  if (ident.startsWith("_")) w *= 0.1
  if (definers > 5) w *= 0.1
  return w
}

export const buildGraph = (files: ReadonlyArray<FileTags>): Graph => {
  const n = files.length
  const definers = new Map<string, Array<number>>()
  files.forEach((f, i) => {
    for (const d of f.defs) {
      const list = definers.get(d.name)
      if (list === undefined) definers.set(d.name, [i])
      else if (list[list.length - 1] !== i) list.push(i)
    }
  })
  const mentions = new Map<string, Mentions>()
  const pairs = new Map<number, number>()
  const out = new Float64Array(n)
  files.forEach((f, i) => {
    for (const name in f.refs) {
      const targets = definers.get(name)
      if (targets === undefined || targets.length > maxDefiners) continue
      const w = baseWeight(name, targets.length) * Math.sqrt(f.refs[name]!)
      let m = mentions.get(name)
      if (m === undefined) mentions.set(name, (m = { files: [], weights: [] }))
      m.files.push(i)
      m.weights.push(w)
      for (const j of targets) {
        if (j === i) continue
        const key = i * n + j
        pairs.set(key, (pairs.get(key) ?? 0) + w)
        out[i]! += w
      }
    }
  })
  const src = new Int32Array(pairs.size)
  const dst = new Int32Array(pairs.size)
  const weight = new Float64Array(pairs.size)
  let e = 0
  for (const [key, w] of pairs) {
    src[e] = Math.floor(key / n)
    dst[e] = key % n
    weight[e++] = w
  }
  return { files, definers, mentions, src, dst, weight, out }
}

/** A memo of the last graph: reused while every file's tags are the very same (cached) objects. */
export const makeGraphMemo = () => {
  let last: Graph | undefined
  return (files: ReadonlyArray<FileTags>): Graph => {
    if (last && last.files.length === files.length && last.files.every((f, i) => f === files[i])) return last
    last = buildGraph(files)
    return last
  }
}
