/**
 * What extraction keeps of one file: its definitions and the identifiers it mentions. This is what the
 * per-file cache stores, so it holds plain data only.
 *
 * @internal
 */

/** The kind of a definition, normalised across languages. */
export type DefKind =
  | "class"
  | "interface"
  | "type"
  | "enum"
  | "function"
  | "method"
  | "module"
  | "constant"
  | "variable"

/**
 * One definition: its name, kind, 0-based first and last line, and its first source line (shortened) as
 * the map shows it.
 */
export interface Def {
  readonly name: string
  readonly kind: DefKind
  readonly line: number
  readonly end: number
  readonly text: string
}

/** The tags of one file. `refs` counts each identifier occurrence; `via` tells which extractor ran. */
export interface FileTags {
  readonly path: string
  readonly language: string
  readonly via: "tree-sitter" | "regex" | "none"
  readonly defs: ReadonlyArray<Def>
  readonly refs: Readonly<Record<string, number>>
}

const maxLineChars = 120

/** The source line of a definition as the map shows it: indentation kept (tabs as 2 spaces), shortened. */
export const displayLine = (line: string): string => {
  const expanded = line.replace(/\t/g, "  ").trimEnd()
  return expanded.length > maxLineChars ? `${expanded.slice(0, maxLineChars - 1)}…` : expanded
}

// One pass over the source: comments (and Python docstrings) are skipped, strings are kept since they
// often name things (routes, keys), identifiers are counted.
const slashComments = String.raw`\/\*[\s\S]*?\*\/|\/\/[^\n]*`
const quoted = String.raw`"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'`
const word = String.raw`([A-Za-z_$][\w$]*)`

const scanners: Readonly<Record<"slash" | "hash" | "sql", RegExp>> = {
  slash: new RegExp(`${slashComments}|${quoted}|${word}`, "g"),
  hash: new RegExp(String.raw`"""[\s\S]*?"""|'''[\s\S]*?'''|#[^\n]*|${quoted}|${word}`, "g"),
  sql: new RegExp(String.raw`--[^\n]*|${slashComments}|${quoted}|${word}`, "g")
}

const commentStyle = (language: string): keyof typeof scanners =>
  language === "python" || language === "ruby" || language === "bash" ? "hash" : language === "sql" ? "sql" : "slash"

/**
 * Counts identifier occurrences outside comments. References are taken this way rather than from
 * tree-sitter queries: it is an order of magnitude cheaper on large files, and only identifiers that
 * some file defines ever become edges of the ranking graph.
 */
export const countIdentifiers = (source: string, language: string): Record<string, number> => {
  const counts: Record<string, number> = Object.create(null)
  for (const m of source.matchAll(scanners[commentStyle(language)])) {
    const name = m[1]
    if (name === undefined || name.length < 3) continue
    counts[name] = (counts[name] ?? 0) + 1
  }
  return counts
}
