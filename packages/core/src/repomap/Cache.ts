/**
 * The per-file tag cache: in memory, and optionally persisted to one file per repository root in a cache
 * folder. An entry is reused when the file's size and mtime match (no read at all), or, failing that,
 * when its content hash matches (one read, no parse: a checkout that only touched mtimes stays cheap).
 *
 * @internal
 */
import { createHash, randomUUID } from "node:crypto"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as V8 from "node:v8"
import type { FileTags } from "./Tags.js"
import type { SourceFile } from "./Walk.js"

/** Bump when extraction changes, so stale tags on disk are ignored. */
const version = 1

interface Entry {
  readonly size: number
  readonly mtimeMs: number
  readonly hash: string
  readonly tags: FileTags
}

/** The entries of one root. `dirty` is set when an entry changed since the last save. */
export interface RootCache {
  readonly entries: Map<string, Entry>
  dirty: boolean
}

/** Content hash used as the second-level cache key. */
export const contentHash = (source: string): string => createHash("sha1").update(source).digest("base64")

const fileFor = (cacheDir: string, root: string) =>
  Path.join(cacheDir, `repomap-v${version}-${createHash("sha1").update(root).digest("hex").slice(0, 16)}.bin`)

/** A cache over several roots; `cacheDir` undefined keeps it in memory only. */
export const makeCache = (cacheDir: string | undefined) => {
  const roots = new Map<string, RootCache>()

  const forRoot = (root: string): RootCache => {
    let cache = roots.get(root)
    if (cache) return cache
    cache = { entries: loadEntries(cacheDir, root), dirty: false }
    roots.set(root, cache)
    return cache
  }

  return {
    forRoot,
    /** Tags of a file whose size and mtime are unchanged. */
    byStat: (cache: RootCache, file: SourceFile): FileTags | undefined => {
      const e = cache.entries.get(file.path)
      return e && e.size === file.size && e.mtimeMs === file.mtimeMs ? e.tags : undefined
    },
    /** Tags of a file whose content is unchanged; refreshes the entry's fingerprint. */
    byHash: (cache: RootCache, file: SourceFile, hash: string): FileTags | undefined => {
      const e = cache.entries.get(file.path)
      if (!e || e.hash !== hash) return undefined
      cache.entries.set(file.path, { ...e, size: file.size, mtimeMs: file.mtimeMs })
      cache.dirty = true
      return e.tags
    },
    store: (cache: RootCache, file: SourceFile, hash: string, tags: FileTags): void => {
      cache.entries.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, hash, tags })
      cache.dirty = true
    },
    /** Forgets files that are gone, so the cache does not grow with deleted paths. */
    prune: (cache: RootCache, live: ReadonlySet<string>): void => {
      for (const path of cache.entries.keys()) {
        if (!live.has(path)) {
          cache.entries.delete(path)
          cache.dirty = true
        }
      }
    },
    /** Writes a root's entries to disk when they changed. Throws on I/O errors (the caller decides). */
    save: (root: string, cache: RootCache): void => {
      if (cacheDir === undefined || !cache.dirty) return
      Fs.mkdirSync(cacheDir, { recursive: true })
      const target = fileFor(cacheDir, root)
      const temp = `${target}.${randomUUID()}.tmp`
      Fs.writeFileSync(temp, V8.serialize([...cache.entries]))
      Fs.renameSync(temp, target)
      cache.dirty = false
    }
  }
}

/** The cache type. */
export type Cache = ReturnType<typeof makeCache>

const loadEntries = (cacheDir: string | undefined, root: string): Map<string, Entry> => {
  if (cacheDir === undefined) return new Map()
  try {
    const data: unknown = V8.deserialize(Fs.readFileSync(fileFor(cacheDir, root)))
    return Array.isArray(data) ? new Map(data as Array<[string, Entry]>) : new Map()
  } catch {
    // missing or unreadable cache: start empty, the next save rewrites it
    return new Map()
  }
}
