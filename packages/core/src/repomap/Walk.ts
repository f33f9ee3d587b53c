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

const toPosix = (p: string) => (Path.sep === "/" ? p : p.split(Path.sep).join("/"))

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

/**
 * Walks `root` and returns the files to map. Unreadable folders are skipped; the caller checks that
 * `root` itself is a readable folder.
 */
export const walk = (root: string, options: WalkOptions): WalkResult => {
  const sources: Array<SourceFile> = []
  const important: Array<string> = []
  let skipped = 0
  const visit = (dir: string, rel: string, ignores: ReadonlyArray<readonly [string, Ignore]>): void => {
    let entries: Array<Fs.Dirent>
    try {
      entries = Fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    const own = entries.some((e) => e.name === ".gitignore") ? readIgnore(dir) : undefined
    const rules = own ? [...ignores, [rel, own] as const] : ignores
    const ignored = (path: string, isDir: boolean) =>
      rules.some(([base, ig]) => ig.ignores(Path.posix.relative(base, path) + (isDir ? "/" : "")))
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (sources.length >= options.maxFiles) return
      const name = entry.name
      if (name.startsWith(".")) continue
      const path = rel === "" ? name : `${rel}/${name}`
      const abs = Path.join(dir, name)
      if (entry.isDirectory()) {
        if (!skippedDirs.has(name) && !ignored(path, true)) visit(abs, path, rules)
        continue
      }
      if (!entry.isFile() || ignored(path, false)) continue
      if (rel === "" && importantName.test(name)) important.push(path)
      const byName = languageOfPath(name)
      if (byName === undefined && Path.extname(name) !== "") continue
      if (generatedName.test(name)) {
        skipped++
        continue
      }
      let stat: Fs.Stats
      try {
        stat = Fs.statSync(abs)
      } catch {
        continue
      }
      // an extensionless file is a source only when it is an executable script with a known `#!`
      const language = byName ?? ((stat.mode & 0o111) !== 0 ? languageOfShebang(firstLine(abs)) : undefined)
      if (language === undefined) continue
      if (stat.size > options.maxFileBytes) {
        skipped++
        continue
      }
      sources.push({ path, abs, size: stat.size, mtimeMs: stat.mtimeMs, language })
    }
  }
  visit(root, "", [])
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
