/**
 * The file walk and its skip rules: hidden, vendored, build-output and generated paths, `.gitignore`d
 * paths, files over the size limit, binary files, and files in no language the map reads.
 *
 * It uses synchronous `fs` calls on purpose: a warm map is mostly this walk (one `readdir` per folder and
 * one `stat` per source file), and the synchronous calls are several times cheaper than promises here.
 *
 * @internal
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import ignore, { type Ignore } from "ignore"
import type { LanguageSpec } from "./Languages.js"
import { languageOfPath, languageOfShebang } from "./Languages.js"

/** A source file the map will read, with the fingerprint the cache compares. */
export interface SourceFile {
  readonly path: string
  readonly abs: string
  readonly size: number
  readonly mtimeMs: number
  readonly language: LanguageSpec
}

export interface WalkResult {
  readonly sources: Array<SourceFile>
  /** README, manifests and agent instructions found, listed first in the map. */
  readonly important: Array<string>
  /** Files skipped for their size or because they look generated. */
  readonly skipped: number
}

export interface WalkOptions {
  readonly maxFileBytes: number
  readonly maxFiles: number
}

const skippedDirs = new Set([
  "node_modules", "bower_components", "jspm_packages", "vendor", "third_party", "third-party", "dist",
  "build", "out", "target", "coverage", "__pycache__", "venv", "site-packages", "obj", "Pods", "DerivedData"
])

const generatedName = /(\.min\.(js|css)|\.bundle\.js|[._-]pb2?\.(py|go)|\.pb\.(go|cc|h)|\.g\.cs|\.designer\.cs|\.generated\.\w+|\.d\.ts\.map)$/i

const importantName =
  /^(readme(\.\w+)?|agents\.md|claude\.md|contributing\.md|package\.json|cargo\.toml|go\.mod|pyproject\.toml|setup\.py|requirements\.txt|gemfile|composer\.json|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|makefile|dockerfile|docker-compose\.ya?ml|compose\.ya?ml|[\w.-]+\.csproj|[\w.-]+\.sln|cmakelists\.txt)$/i

const readIgnore = (dir: string): Ignore | undefined => {
  try {
    return ignore().add(Fs.readFileSync(Path.join(dir, ".gitignore"), "utf8"))
  } catch {
    return undefined
  }
}

const firstLine = (abs: string): string => {
  try {
    const fd = Fs.openSync(abs, "r")
    try {
      const buf = Buffer.alloc(128)
      const n = Fs.readSync(fd, buf, 0, 128, 0)
      return buf.toString("utf8", 0, n).split("\n")[0] ?? ""
    } finally {
      Fs.closeSync(fd)
    }
  } catch {
    return ""
  }
}

/** A folder's listing after the name-based skip rules, kept while the folder's mtime holds. */
interface Listing {
  readonly mtimeMs: number
  readonly parentRules: Rules
  readonly ignoreStamp: string | undefined
  readonly rules: Rules
  readonly items: ReadonlyArray<Item>
  readonly skipped: number
  /** README, manifests, agent instructions (found at the root only). */
  readonly important: ReadonlyArray<string>
}
type Rules = ReadonlyArray<readonly [string, Ignore]>
type Item =
  | { readonly dir: true; readonly abs: string; readonly path: string }
  | { readonly dir: false; readonly abs: string; readonly path: string; readonly language: LanguageSpec | undefined }

/**
 * Listings by folder, reused by the next walk of the same tree. A folder's mtime changes when entries are
 * added, removed or renamed in it, not when a file's content changes: files are still stat-ed each walk,
 * folders are not read again. A changed `.gitignore` (stat-ed too) re-reads its folder and those below.
 */
export type WalkMemo = Map<string, Listing>

const stampOf = (abs: string): string | undefined => {
  const st = Fs.statSync(abs, { throwIfNoEntry: false })
  return st ? `${st.size}:${st.mtimeMs}` : undefined
}

const noRules: Rules = []

const list = (dir: string, rel: string, parentRules: Rules, mtimeMs: number, previous: Listing | undefined): Listing => {
  const entries = Fs.readdirSync(dir, { withFileTypes: true })
  const hasIgnore = entries.some((e) => e.name === ".gitignore")
  const ignoreStamp = hasIgnore ? stampOf(Path.join(dir, ".gitignore")) : undefined
  // the same rules object as before when nothing they depend on changed, so folders below stay memoised
  const same = previous !== undefined && previous.parentRules === parentRules && previous.ignoreStamp === ignoreStamp
  const own = hasIgnore && !same ? readIgnore(dir) : undefined
  const rules = same ? previous.rules : own ? [...parentRules, [rel, own] as const] : parentRules
  const ignored = (path: string, isDir: boolean) =>
    rules.some(([base, ig]) => ig.ignores(Path.posix.relative(base, path) + (isDir ? "/" : "")))
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const items: Array<Item> = []
  const important: Array<string> = []
  let skipped = 0
  for (const entry of entries) {
    const name = entry.name
    if (name.startsWith(".")) continue
    const path = rel === "" ? name : `${rel}/${name}`
    const abs = Path.join(dir, name)
    if (entry.isDirectory()) {
      if (!skippedDirs.has(name) && !ignored(path, true)) items.push({ dir: true, abs, path })
      continue
    }
    if (!entry.isFile() || ignored(path, false)) continue
    if (rel === "" && importantName.test(name)) important.push(path)
    const language = languageOfPath(name)
    if (language === undefined && Path.extname(name) !== "") continue
    if (generatedName.test(name)) skipped++
    else items.push({ dir: false, abs, path, language })
  }
  return { mtimeMs, parentRules, ignoreStamp, rules, items, skipped, important }
}

/**
 * Walks `root` and returns the files to map. Unreadable folders are skipped; the caller checks that
 * `root` itself is a readable folder. With a `memo`, unchanged folders are not listed again.
 */
export const walk = (root: string, options: WalkOptions, memo: WalkMemo = new Map()): WalkResult => {
  const sources: Array<SourceFile> = []
  const important: Array<string> = []
  let skipped = 0
  const visit = (dir: string, rel: string, rules: Rules): void => {
    const mtimeMs = Fs.statSync(dir, { throwIfNoEntry: false })?.mtimeMs
    if (mtimeMs === undefined) return
    const previous = memo.get(dir)
    let listing = previous
    const fresh =
      listing !== undefined && listing.mtimeMs === mtimeMs && listing.parentRules === rules &&
      (listing.ignoreStamp === undefined || listing.ignoreStamp === stampOf(Path.join(dir, ".gitignore")))
    if (!fresh) {
      try {
        listing = list(dir, rel, rules, mtimeMs, previous)
      } catch {
        memo.delete(dir)
        return
      }
      memo.set(dir, listing)
    }
    important.push(...listing!.important)
    skipped += listing!.skipped
    for (const item of listing!.items) {
      if (sources.length >= options.maxFiles) return
      if (item.dir) {
        visit(item.abs, item.path, listing!.rules)
        continue
      }
      const stat = Fs.statSync(item.abs, { throwIfNoEntry: false })
      if (stat === undefined || !stat.isFile()) continue
      // an extensionless file is a source only when it is an executable script with a known `#!`
      const language = item.language ?? ((stat.mode & 0o111) !== 0 ? languageOfShebang(firstLine(item.abs)) : undefined)
      if (language === undefined) continue
      if (stat.size > options.maxFileBytes) {
        skipped++
        continue
      }
      sources.push({ path: item.path, abs: item.abs, size: stat.size, mtimeMs: stat.mtimeMs, language })
    }
  }
  visit(root, "", noRules)
  return { sources, important, skipped }
}
/** Whether file content looks generated or minified, or binary: such files are left out of the map. */
export const looksGenerated = (source: string): boolean => {
  const head = source.slice(0, 1024)
  if (head.includes("\u0000")) return true
  if (/@generated|Code generated .* DO NOT EDIT|<auto-generated|autogenerated by|DO NOT EDIT/i.test(head)) return true
  if (source.length < 20_000) return false
  // minified: fewer than one line break per 500 characters (stop counting once there are enough)
  const needed = source.length / 500
  let newlines = 0
  for (let i = source.indexOf("\n"); i !== -1 && newlines < needed; i = source.indexOf("\n", i + 1)) newlines++
  return newlines < needed
}
