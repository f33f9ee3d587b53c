/**
 * The reference graph of a set of files, independent of any task, kept per identifier: which files
 * define it and which mention it how often. An edge runs from each mentioning file to each other
 * defining file. It is updated in place when a few files change, so one edited file costs work in
 * proportion to that file, not to the repository.
 *
 * @internal
 */
import type { FileTags } from "./Tags.js"

/** Identifiers defined in more files than this are too generic to link files (`get`, `init`, ...). */
export const maxDefiners = 30

/** One identifier: its defining files and its mentions (file, weight), in no particular order. */
export interface Ident {
  /** Stable while `idents` is the same map (a rebuild makes a new one): per-file lookups are cached by it. */
  readonly id: number
  readonly name: string
  readonly definers: Array<number>
  readonly mentionFiles: Array<number>
  readonly mentionCounts: Array<number>
}

export interface Graph {
  readonly files: ReadonlyArray<FileTags>
  readonly idents: ReadonlyMap<string, Ident>
  /** The identifiers some file defines: the only ones that can link files. */
  readonly defined: ReadonlySet<Ident>
  /** Bumped on every change, so derived data can be memoised. */
  readonly version: number
}

/** Aider's weighting, less the task: long compound names count more, private and generic ones less. */
export const baseWeight = (name: string, definers: number): number => {
  let w = 1
  if (name.length >= 8 && /[a-z][A-Z]|_/.test(name)) w *= 10
  if (name.startsWith("_")) w *= 0.1
  if (definers > 5) w *= 0.1
  return w
}

interface State {
  files: ReadonlyArray<FileTags>
  idents: Map<string, Ident>
  defined: Set<Ident>
  version: number
}

const entry = (idents: Map<string, Ident>, name: string): Ident => {
  let e = idents.get(name)
  if (e === undefined) idents.set(name, (e = { id: idents.size, name, definers: [], mentionFiles: [], mentionCounts: [] }))
  return e
}

const add = (s: State, i: number, f: FileTags) => {
  for (const d of f.defs) {
    const e = entry(s.idents, d.name)
    if (e.definers[e.definers.length - 1] !== i && !e.definers.includes(i)) e.definers.push(i)
    s.defined.add(e)
  }
  for (const name in f.refs) {
    const e = entry(s.idents, name)
    e.mentionFiles.push(i)
    e.mentionCounts.push(f.refs[name]!)
  }
}

// identifiers are never deleted from `idents` (ids index arrays), only from `defined`
const remove = (s: State, i: number, f: FileTags) => {
  for (const d of f.defs) {
    const e = s.idents.get(d.name)
    const k = e ? e.definers.indexOf(i) : -1
    if (k >= 0) e!.definers.splice(k, 1)
    if (e && e.definers.length === 0) s.defined.delete(e)
  }
  for (const name in f.refs) {
    const e = s.idents.get(name)
    const k = e ? e.mentionFiles.indexOf(i) : -1
    if (k >= 0) {
      e!.mentionFiles.splice(k, 1)
      e!.mentionCounts.splice(k, 1)
    }
  }
}

/**
 * A graph keeper for one root: `update(files)` returns the graph of these files, rebuilding it when the
 * list of paths changed and patching it when only some files' tags did (tags are compared by identity:
 * cache hits are the very same objects).
 */
export const makeGraphKeeper = () => {
  let state: State | undefined
  return (files: ReadonlyArray<FileTags>): Graph => {
    const same =
      state !== undefined && state.files.length === files.length && state.files.every((f, i) => f.path === files[i]!.path)
    if (!same) {
      const fresh: State = {
        files, idents: new Map(), defined: new Set(), version: (state?.version ?? 0) + 1
      }
      files.forEach((f, i) => add(fresh, i, f))
      return (state = fresh)
    }
    const current = state!
    let changed = false
    files.forEach((f, i) => {
      const old = current.files[i]!
      if (old === f) return
      remove(current, i, old)
      add(current, i, f)
      changed = true
    })
    if (changed) state = { ...current, files, version: current.version + 1 }
    return state!
  }
}
