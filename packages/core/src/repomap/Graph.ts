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
  readonly name: string
  readonly definers: Array<number>
  readonly mentionFiles: Array<number>
  readonly mentionCounts: Array<number>
}

export interface Graph {
  readonly files: ReadonlyArray<FileTags>
  readonly idents: ReadonlyMap<string, Ident>
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
  version: number
}

const entry = (idents: Map<string, Ident>, name: string): Ident => {
  let e = idents.get(name)
  if (e === undefined) idents.set(name, (e = { name, definers: [], mentionFiles: [], mentionCounts: [] }))
  return e
}

const add = (idents: Map<string, Ident>, i: number, f: FileTags) => {
  for (const d of f.defs) {
    const e = entry(idents, d.name)
    if (e.definers[e.definers.length - 1] !== i && !e.definers.includes(i)) e.definers.push(i)
  }
  for (const name in f.refs) {
    const e = entry(idents, name)
    e.mentionFiles.push(i)
    e.mentionCounts.push(f.refs[name]!)
  }
}

const remove = (idents: Map<string, Ident>, i: number, f: FileTags) => {
  for (const d of f.defs) {
    const e = idents.get(d.name)
    const k = e ? e.definers.indexOf(i) : -1
    if (k >= 0) e!.definers.splice(k, 1)
  }
  for (const name in f.refs) {
    const e = idents.get(name)
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
      const idents = new Map<string, Ident>()
      files.forEach((f, i) => add(idents, i, f))
      state = { files, idents, version: (state?.version ?? 0) + 1 }
      return state
    }
    const current = state!
    let changed = false
    files.forEach((f, i) => {
      const old = current.files[i]!
      if (old === f) return
      remove(current.idents, i, old)
      add(current.idents, i, f)
      changed = true
    })
    if (changed) state = { files, idents: current.idents, version: current.version + 1 }
    return state!
  }
}
