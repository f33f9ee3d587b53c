/**
 * The per-file tag cache: in memory, and optionally persisted in a cache folder, each cache key's (a
 * repository's, shared by its checkouts, or one root's) entries spread over a fixed number of shard files by path, so that one changed file rewrites one shard. An entry is reused when the file's size and mtime match (no read at all), or, failing that,
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
const version = 3

/** Shards per root: a small tree fits in few, a 5,000-file tree rewrites about 1/32 of its tags per edit. */
const shards = 32

interface Entry {
  /** The checkout the size and mtime were read in: another checkout's file is compared by content. */
  readonly root: string
  readonly size: number
  readonly mtimeMs: number
  readonly hash: string
  readonly tags: FileTags
  /** False for provisional (regex) tags that tree-sitter extraction has yet to replace. */
  readonly final: boolean
}

/**
 * The entries of one cache key (a repository, or a root). `root` is the checkout being read now;
 * `dirty` holds the shards with an entry changed since the last save.
 */
export interface RootCache {
  root: string
  readonly entries: Map<string, Entry>
  readonly dirty: Set<number>
}

const shardOf = (path: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193)
  return (h >>> 0) % shards
}

/** Content hash used as the second-level cache key. */
export const contentHash = (source: string): string => createHash("sha1").update(source).digest("base64")

const fileFor = (cacheDir: string, root: string, shard: number) =>
  Path.join(cacheDir, `repomap-v${version}-${createHash("sha1").update(root).digest("hex").slice(0, 16)}-${shard}.bin`)

/** A cache over several roots; `cacheDir` undefined keeps it in memory only. */
export const makeCache = (cacheDir: string | undefined) => {
  const roots = new Map<string, RootCache>()

  /** The entries under `key` (default: the root itself), now read in checkout `root`. */
  const forRoot = (root: string, key: string = root): RootCache => {
    let cache = roots.get(key)
    if (cache === undefined) {
      cache = { root, entries: loadEntries(cacheDir, key), dirty: new Set() }
      roots.set(key, cache)
    }
    cache.root = root
    return cache
  }

  return {
    forRoot,
    /** Every cache key loaded so far, with its entries. */
    loaded: (): ReadonlyArray<readonly [string, RootCache]> => [...roots.entries()],
    /** Tags of a file whose size and mtime are unchanged. */
    byStat: (cache: RootCache, file: SourceFile): FileTags | undefined => {
      const e = cache.entries.get(file.path)
      return e && e.root === cache.root && e.size === file.size && e.mtimeMs === file.mtimeMs ? e.tags : undefined
    },
    /**
     * Tags of a file whose content is unchanged; refreshes the entry's fingerprint in memory only (a new
     * checkout refreshes every entry, and rewriting the whole cache for that would cost more than the
     * hashing it saves: on disk the old fingerprint still leads to the same hash).
     */
    byHash: (cache: RootCache, file: SourceFile, hash: string): FileTags | undefined => {
      const e = cache.entries.get(file.path)
      if (!e || e.hash !== hash) return undefined
      cache.entries.set(file.path, { ...e, root: cache.root, size: file.size, mtimeMs: file.mtimeMs })
      return e.tags
    },
    store: (cache: RootCache, file: SourceFile, hash: string, tags: FileTags, final = true): void => {
      cache.entries.set(file.path, { root: cache.root, size: file.size, mtimeMs: file.mtimeMs, hash, tags, final })
      cache.dirty.add(shardOf(file.path))
    },
    /** The cached tags of a path, whatever their fingerprint. */
    tagsOf: (cache: RootCache, path: string): FileTags | undefined => cache.entries.get(path)?.tags,
    /** Whether a file's tags are provisional (the file is cached with regex tags only). */
    provisional: (cache: RootCache, path: string): boolean => cache.entries.get(path)?.final === false,
    /** Replaces provisional tags with final ones, unless the file changed since (its hash differs). */
    finish: (cache: RootCache, path: string, hash: string, tags: FileTags): boolean => {
      const e = cache.entries.get(path)
      if (e === undefined || e.final || e.hash !== hash) return false
      cache.entries.set(path, { ...e, tags, final: true })
      cache.dirty.add(shardOf(path))
      return true
    },
    /** Forgets files that are gone, so the cache does not grow with deleted paths. */
    prune: (cache: RootCache, live: ReadonlyArray<{ readonly path: string }>): void => {
      // the common case, nothing deleted, costs no set of live paths
      if (cache.entries.size <= live.length && live.every((f) => cache.entries.has(f.path))) return
      const keep = new Set(live.map((f) => f.path))
      for (const path of cache.entries.keys()) {
        if (!keep.has(path)) {
          cache.entries.delete(path)
          cache.dirty.add(shardOf(path))
        }
      }
    },
    /** Writes a root's entries to disk when they changed. Throws on I/O errors (the caller decides). */
    save: (key: string, cache: RootCache): void => {
      if (cacheDir === undefined || cache.dirty.size === 0) return
      Fs.mkdirSync(cacheDir, { recursive: true })
      const parts = new Map<number, Array<[string, Entry]>>([...cache.dirty].map((shard) => [shard, []]))
      for (const entry of cache.entries) parts.get(shardOf(entry[0]))?.push(entry)
      for (const [shard, entries] of parts) {
        const target = fileFor(cacheDir, key, shard)
        const temp = `${target}.${randomUUID()}.tmp`
        Fs.writeFileSync(temp, V8.serialize(entries))
        Fs.renameSync(temp, target)
        cache.dirty.delete(shard)
      }
    }
  }
}

/** The cache type. */
export type Cache = ReturnType<typeof makeCache>

const loadEntries = (cacheDir: string | undefined, root: string): Map<string, Entry> => {
  const entries = new Map<string, Entry>()
  if (cacheDir === undefined) return entries
  for (let shard = 0; shard < shards; shard++) {
    try {
      const data: unknown = V8.deserialize(Fs.readFileSync(fileFor(cacheDir, root, shard)))
      if (Array.isArray(data)) for (const [path, entry] of data as Array<[string, Entry]>) entries.set(path, entry)
    } catch {
      // a missing or unreadable shard: its files are parsed again and the next save rewrites it
    }
  }
  return entries
}
