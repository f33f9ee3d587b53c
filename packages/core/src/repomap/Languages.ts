/**
 * The language table: which files map to which grammar, and where its prebuilt wasm file lives.
 *
 * Grammars come from `@vscode/tree-sitter-wasm` (recent grammars, built for tree-sitter 0.25) and, for
 * the languages it lacks, from `tree-sitter-wasms` (older grammars that `web-tree-sitter` 0.25 still
 * loads; 0.26+ does not, measured in this repository).
 *
 * @internal
 */
import { createRequire } from "node:module"
import * as Path from "node:path"

/** A language the map knows: `grammar` is absent for regex-only languages (SQL). */
export interface LanguageSpec {
  readonly id: string
  readonly grammar?: { readonly pkg: "@vscode/tree-sitter-wasm" | "tree-sitter-wasms"; readonly file: string }
}

const vscode = (file: string) => ({ pkg: "@vscode/tree-sitter-wasm", file: `wasm/tree-sitter-${file}.wasm` }) as const
const wasms = (file: string) => ({ pkg: "tree-sitter-wasms", file: `out/tree-sitter-${file}.wasm` }) as const

const languages: ReadonlyArray<LanguageSpec & { readonly extensions: ReadonlyArray<string> }> = [
  { id: "typescript", grammar: vscode("typescript"), extensions: [".ts", ".mts", ".cts"] },
  { id: "tsx", grammar: vscode("tsx"), extensions: [".tsx"] },
  { id: "javascript", grammar: vscode("javascript"), extensions: [".js", ".mjs", ".cjs", ".jsx"] },
  { id: "python", grammar: vscode("python"), extensions: [".py", ".pyi"] },
  { id: "go", grammar: vscode("go"), extensions: [".go"] },
  { id: "rust", grammar: vscode("rust"), extensions: [".rs"] },
  { id: "java", grammar: vscode("java"), extensions: [".java"] },
  { id: "csharp", grammar: vscode("c-sharp"), extensions: [".cs"] },
  { id: "cpp", grammar: vscode("cpp"), extensions: [".cpp", ".cc", ".cxx", ".hpp", ".hh", ".hxx", ".h"] },
  { id: "php", grammar: vscode("php"), extensions: [".php"] },
  { id: "ruby", grammar: vscode("ruby"), extensions: [".rb", ".rake", ".gemspec"] },
  { id: "bash", grammar: vscode("bash"), extensions: [".sh", ".bash", ".zsh"] },
  { id: "kotlin", grammar: wasms("kotlin"), extensions: [".kt", ".kts"] },
  { id: "c", grammar: wasms("c"), extensions: [".c"] },
  { id: "sql", extensions: [".sql"] }
]

const byExtension = new Map(languages.flatMap((l) => l.extensions.map((e) => [e, l] as const)))
const byId = new Map(languages.map((l) => [l.id, l] as const))

const shebangs: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(ba|z|k|da)?sh\b/, "bash"],
  [/\bpython[0-9.]*\b/, "python"],
  [/\bnode\b/, "javascript"],
  [/\bruby\b/, "ruby"],
  [/\bphp\b/, "php"]
]

/** The language of a path by its extension, or `undefined` when the map does not read such files. */
export const languageOfPath = (path: string): LanguageSpec | undefined =>
  byExtension.get(Path.extname(path).toLowerCase())

/** The language named by a `#!` first line, for scripts without an extension. */
export const languageOfShebang = (firstLine: string): LanguageSpec | undefined => {
  if (!firstLine.startsWith("#!")) return undefined
  const hit = shebangs.find(([re]) => re.test(firstLine))
  return hit ? byId.get(hit[1]) : undefined
}

/** Every language id the map extracts symbols for. */
export const languageIds: ReadonlyArray<string> = languages.map((l) => l.id)

const require = createRequire(import.meta.url)

/** The absolute path of a grammar's wasm file, resolved from the installed package. */
export const grammarPath = (grammar: NonNullable<LanguageSpec["grammar"]>): string =>
  Path.join(Path.dirname(require.resolve(`${grammar.pkg}/package.json`)), grammar.file)
