#!/usr/bin/env node
/* global process, console, performance, setTimeout */
// Repo map benchmark: DevServer's repo map next to universal-ctags on the same trees, in the same run.
//   node bench/repomap.mjs            full run (installs universal-ctags with apt-get when missing)
//   node bench/repomap.mjs --quick    fewer repetitions
// It compiles packages/core/src/repomap to bench/dist/repomap (git-ignored) so that the built code runs,
// worker pool included, then measures each case in a fresh child process. Figures go to stdout as JSON
// and as Markdown rows for docs/benchmarks.md.
import { execFileSync, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

const repo = Path.resolve(import.meta.dirname, "..")
const build = Path.join(repo, "bench/dist/repomap")
const work = Path.join(Os.tmpdir(), "devserver-bench-repomap")
const quick = process.argv.includes("--quick")
const runs = quick ? 1 : 3

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (t) => Math.round(t * 10) / 10


async function main() {
  ensureCtags()
  compile()
  const trees = [
    { name: "typescript lib", root: copyTree(Path.join(repo, "node_modules/typescript/lib"), "ts-lib") },
    { name: "multi-language", root: assembleMulti() }
  ]
  const results = []
  for (const tree of trees) results.push(measure(tree))
  console.log(JSON.stringify(results, null, 2))
  for (const r of results) console.log(markdown(r))
}

function ensureCtags() {
  if (spawnSync("ctags", ["--version"]).status === 0) return
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" })
  execFileSync("apt-get", ["install", "-y", "-qq", "universal-ctags"], { stdio: "inherit" })
}

function compile() {
  const src = Path.join(repo, "packages/core/src/repomap")
  const files = Fs.readdirSync(src).filter((f) => f.endsWith(".ts")).map((f) => Path.join(src, f))
  Fs.rmSync(build, { recursive: true, force: true })
  execFileSync(
    "npx",
    ["tsc", ...files, "--outDir", build, "--rootDir", src, "--module", "NodeNext", "--moduleResolution", "NodeNext",
      "--target", "ES2022", "--strict", "--skipLibCheck", "--verbatimModuleSyntax", "--types", "node"],
    { cwd: repo, stdio: "inherit" }
  )
}

function copyTree(from, name) {
  const to = Path.join(work, name)
  if (!Fs.existsSync(to)) Fs.cpSync(from, to, { recursive: true })
  return to
}

// Source groups for the multi-language tree, from what this machine has offline. Each group is capped.
const groups = [
  { dir: "/usr/lib/python3.11", ext: [".py"], cap: 1000, as: "python-stdlib" },
  { dir: "/usr/lib/google-cloud-sdk/lib/googlecloudsdk", ext: [".py"], cap: 1200, as: "python-gcloud" },
  { dir: "/usr/include", ext: [".h", ".hpp"], cap: 1800, as: "c-include" },
  { dir: "node_modules/effect/src", ext: [".ts"], cap: 600, as: "ts-effect" },
  { dir: "node_modules/@effect", ext: [".ts"], cap: 600, as: "ts-effect-pkgs", skip: /\.d\.ts$|\/dist\// },
  { dir: "node_modules", ext: [".js", ".mjs", ".cjs"], cap: 900, as: "js-node-modules", skip: /\/(dist|build|esm|cjs|umd)\/|\.min\.js$/ },
  { dir: "/usr", ext: [".sh"], cap: 200, as: "shell" },
  { dir: "/usr", ext: [".php"], cap: 200, as: "php" },
  { dir: "/usr/share", ext: [".sql"], cap: 200, as: "sql" }
]

// names the map skips as vendored/build folders get a suffix, so both tools read the very same files
const skippedDirs = new Set(["node_modules", "bower_components", "jspm_packages", "vendor", "third_party", "third-party",
  "dist", "build", "out", "target", "coverage", "__pycache__", "venv", "site-packages", "obj", "Pods", "DerivedData"])
const safe = (rel) => rel.split("/").map((s) => (skippedDirs.has(s) ? `${s}_` : s.replace(/^\./, "_"))).join("/")

function assembleMulti() {
  const root = Path.join(work, "multi")
  if (Fs.existsSync(Path.join(root, ".complete"))) return root
  Fs.rmSync(root, { recursive: true, force: true })
  for (const g of groups) {
    const dir = Path.resolve(repo, g.dir)
    let count = 0
    const visit = (d) => {
      let entries = []
      try {
        entries = Fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))
      } catch {
        return
      }
      for (const e of entries) {
        if (count >= g.cap) return
        const abs = Path.join(d, e.name)
        if (e.isDirectory()) visit(abs)
        else if (e.isFile() && g.ext.some((x) => e.name.endsWith(x)) && !(g.skip && g.skip.test(abs))) {
          const to = Path.join(root, g.as, safe(Path.relative(dir, abs)))
          Fs.mkdirSync(Path.dirname(to), { recursive: true })
          Fs.copyFileSync(abs, to)
          count++
        }
      }
    }
    visit(dir)
  }
  Fs.writeFileSync(Path.join(root, ".complete"), "")
  return root
}

function runChild(mode, root, cacheDir, workers = "") {
  const out = execFileSync(process.execPath, [import.meta.filename, "--child", mode, root, cacheDir, workers], {
    maxBuffer: 256 * 1024 * 1024
  })
  return JSON.parse(out.toString())
}

function ctags(root, args) {
  const tags = Path.join(work, "tags")
  const t = performance.now()
  spawnSync("ctags", ["-f", tags, "--fields=+KZl", "--extras=-F", "--sort=no", ...args], { cwd: root, stdio: "ignore" })
  return { ms: performance.now() - t, tags }
}

function measure(tree) {
  console.error(`# ${tree.name}: ${tree.root}`)
  const cold = [], indexed = [], coldSingle = [], ctagsAll = [], ctagsSame = []
  let last
  for (let i = 0; i < runs; i++) {
    const dir = Fs.mkdtempSync(Path.join(work, "cache-"))
    last = runChild("cold", tree.root, dir)
    cold.push(last.ms)
    indexed.push(last.indexedMs)
    coldSingle.push(runChild("cold", tree.root, Fs.mkdtempSync(Path.join(work, "cache-")), "0").ms)
    ctagsAll.push(ctags(tree.root, ["-R", "."]).ms)
    Fs.writeFileSync(Path.join(work, "list"), last.mapped.join("\n"))
    ctagsSame.push(ctags(tree.root, ["-L", Path.join(work, "list")]).ms)
  }
  const warm = runChild("warm", tree.root, Fs.mkdtempSync(Path.join(work, "cache-")))
  ctags(tree.root, ["-R", "."])
  const recall = runChild("recall", tree.root, Path.join(work, "tags"))
  return {
    tree: tree.name, files: last.stats.files, symbols: last.stats.symbols, skippedByRules: last.walked - last.stats.files,
    treeFiles: countFiles(tree.root), ctagsAllMs: ms(median(ctagsAll)), ctagsSameFilesMs: ms(median(ctagsSame)),
    coldMs: ms(median(cold)), indexedMs: ms(median(indexed)), coldSingleThreadMs: ms(median(coldSingle)),
    provisionalAtReady: last.stats.provisional, ...warm, recall
  }
}

function countFiles(root) {
  let n = 0
  const visit = (d) => Fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? visit(Path.join(d, e.name)) : n++))
  visit(root)
  return n
}

function markdown(r) {
  const pct = (x) => `${(100 * x).toFixed(1)} %`
  const rec = Object.entries(r.recall.byLanguage)
    .map(([l, x]) => `${l} ${pct(x.recall)} of ${x.total} (unindented ${pct(x.unindentedRecall)} of ${x.unindentedTotal})`)
    .join("; ")
  return [
    `| ${r.tree} | ${r.files} files (of ${r.treeFiles}), ${r.symbols} symbols | ctags -R ${r.ctagsAllMs} ms, same files ${r.ctagsSameFilesMs} ms | cold ${r.coldMs} ms (1 thread ${r.coldSingleThreadMs} ms), all parsed ${r.indexedMs} ms | restart ${r.restartMs} ms | warm ${r.warmMs} ms | one changed ${r.changedMs} ms |`,
    `recall ${pct(r.recall.recall)} (${r.recall.found}/${r.recall.total}), unindented ${pct(r.recall.unindentedRecall)}: ${rec}`
  ].join("\n")
}

// ---------------------------------------------------------------------------------------------- child
async function child(mode, root, arg, workers) {
  const { Effect, Layer } = await import("effect")
  const { RepoMap } = await import(Path.join(build, "RepoMap.js"))
  const Live = await import(Path.join(build, "RepoMapLive.js"))
  const settings = { cacheDir: arg, workers: workers === "0" ? 0 : Os.availableParallelism() }
  const run = (program) => Effect.runPromise(Effect.scoped(Effect.gen(function* () {
    const ctx = yield* Layer.build(Live.layer(settings))
    return yield* program(Effect.provide(RepoMap, ctx))
  })))
  const task = { taskText: "fix the parser", tokenBudget: 1000 }
  // builds again until no file is left with provisional tags (the background extraction is done)
  const settle = async (b) => {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      if ((await b()).provisional === 0) return
    }
  }
  if (mode === "cold") {
    const { walk } = await import(Path.join(build, "Walk.js"))
    const t = performance.now()
    // ready: the first map is answered; indexed: every file has its tree-sitter tags
    const [stats, indexedMs] = await run((map) => Effect.flatMap(map, (m) => Effect.promise(async () => {
      const b = () => Effect.runPromise(m.build(root, task)).then((r) => r.stats)
      const first = await b()
      const readyMs = performance.now() - t
      await settle(b)
      return [{ ...first, readyMs }, performance.now() - t]
    })))
    const mapped = walk(root, { maxFileBytes: 1 << 20, maxFiles: 50_000 }).sources.map((s) => s.path)
    process.stdout.write(JSON.stringify({ ms: stats.readyMs, indexedMs, stats, mapped, walked: mapped.length }))
  } else if (mode === "warm") {
    await run((map) => Effect.flatMap(map, (m) => Effect.promise(() => settle(() => Effect.runPromise(m.build(root, task)).then((r) => r.stats)))))
    const figures = await run((map) => Effect.flatMap(map, (m) => Effect.promise(async () => {
      const b = (opts = task) => Effect.runPromise(m.build(root, opts)).then((r) => r.stats)
      const restart = await b()
      const warm = []
      for (let i = 0; i < 5; i++) warm.push((await b()).ms)
      const changed = []
      const { walk } = await import(Path.join(build, "Walk.js"))
      const files = walk(root, { maxFileBytes: 1 << 20, maxFiles: 50_000 }).sources
      for (let i = 0; i < 5; i++) {
        const f = files[Math.floor(((i + 0.5) * files.length) / 5)]
        const before = Fs.readFileSync(f.abs)
        Fs.appendFileSync(f.abs, `\n${f.language.id === "python" || f.language.id === "bash" ? "#" : "//"} bench edit ${i}\n`)
        const s = await b()
        changed.push(s.ms)
        if (s.parsed !== 1) throw new Error(`expected one parse, got ${s.parsed}`)
        Fs.writeFileSync(f.abs, before)
        await b()
      }
      return { restartMs: restart.ms, restartHits: restart.cacheHits, warmMs: median(warm), changedMs: median(changed) }
    })))
    process.stdout.write(JSON.stringify(figures))
  } else if (mode === "recall") process.stdout.write(JSON.stringify(await recall(root, arg)))
}

// kinds that are definitions a map should show; ctags also emits imports, parameters, locals and such
const definitionKinds = new Set(["class", "interface", "struct", "union", "enum", "typedef", "type", "alias", "function",
  "method", "module", "namespace", "trait", "constant", "macro", "variable", "prototype", "generator", "getter", "setter",
  "table", "view", "procedure", "index", "trigger", "schema", "sequence", "domain"])
// imports that ctags lists as definitions: PHP `use ... as` aliases, Python `import ... as` names
const importKinds = { php: new Set(["alias"]), python: new Set(["namespace"]) }
const languageOf = { TypeScript: "typescript", JavaScript: "javascript", Python: "python", C: "cpp", "C++": "cpp",
  PHP: "php", Sh: "bash", SQL: "sql", Go: "go", Ruby: "ruby", Rust: "rust", Java: "java", "C#": "csharp", Kotlin: "kotlin" }

async function recall(root, tagsFile) {
  const { Effect } = await import("effect")
  const { walk } = await import(Path.join(build, "Walk.js"))
  const { makeCache } = await import(Path.join(build, "Cache.js"))
  const { collect } = await import(Path.join(build, "Collect.js"))
  const { makeExtractor } = await import(Path.join(build, "Extract.js"))
  const sources = walk(root, { maxFileBytes: 1 << 20, maxFiles: 50_000 }).sources
  const cache = makeCache(undefined)
  const extractor = await makeExtractor()
  const { tags } = await Effect.runPromise(collect(cache, cache.forRoot(root), extractor, undefined, sources))
  const quickCache = makeCache(undefined)
  const quick = await Effect.runPromise(collect(quickCache, quickCache.forRoot(root), extractor, undefined, sources, 0))
  const provisional = new Map(quick.tags.filter((t) => t.via !== "none").map((t) => [t.path, new Set(t.defs.map((d) => d.name))]))
  let provisionalFound = 0
  // files the map left out as generated (empty tags) count as not read, like those over the size limit
  const ours = new Map(tags.filter((t) => t.via !== "none").map((t) => [t.path, new Set(t.defs.map((d) => d.name))]))
  const byLanguage = {}
  let total = 0, found = 0, outside = 0, unindentedTotal = 0, unindentedFound = 0
  for (const line of Fs.readFileSync(tagsFile, "utf8").split("\n")) {
    if (line.startsWith("!_") || line === "") continue
    const [escaped, file] = line.split("\t")
    const name = escaped.replace(/\\\\/g, "\\") // the tags format escapes backslashes
    const fields = line.slice(line.lastIndexOf(';"\t') + 3).split("\t")
    const kind = fields.find((f) => !f.includes(":")) ?? fields.find((f) => f.startsWith("kind:"))?.slice(5)
    const language = languageOf[fields.find((f) => f.startsWith("language:"))?.slice(9)]
    if (!language || !definitionKinds.has(kind) || importKinds[language]?.has(kind)) continue
    if (fields.some((f) => f.startsWith("scope:"))) continue
    // ctags gives no scope to some members and locals (TypeScript object-type members, constants in
    // generator bodies); an indented source line tells them apart from top-level definitions
    const indented = /^\/\^\s/.test(line.split("\t")[2] ?? "")
    const path = file.replace(/^\.\//, "")
    const defs = ours.get(path)
    if (!defs) {
      outside++
      continue
    }
    const entry = (byLanguage[language] ??= { total: 0, found: 0, missedKinds: {}, unindentedTotal: 0, unindentedFound: 0 })
    entry.total++
    total++
    if (!indented) {
      entry.unindentedTotal++
      unindentedTotal++
    }
    if (provisional.get(path)?.has(name)) provisionalFound++
    if (defs.has(name)) {
      entry.found++
      found++
      if (!indented) {
        entry.unindentedFound++
        unindentedFound++
      }
    } else entry.missedKinds[kind] = (entry.missedKinds[kind] ?? 0) + 1
  }
  for (const e of Object.values(byLanguage)) {
    e.recall = e.total ? e.found / e.total : 1
    e.unindentedRecall = e.unindentedTotal ? e.unindentedFound / e.unindentedTotal : 1
  }
  return {
    total, found, recall: total ? found / total : 1, unindentedTotal, unindentedFound,
    unindentedRecall: unindentedTotal ? unindentedFound / unindentedTotal : 1, inSkippedFiles: outside,
    provisionalRecall: total ? provisionalFound / total : 1, byLanguage
  }
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4], process.argv[5], process.argv[6])
else await main()
