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

/** One definition: its name, kind, 0-based line, and that source line (trimmed, shortened) to show. */
export interface Def {
  readonly name: string
  readonly kind: DefKind
  readonly line: number
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

const identifier = /[A-Za-z_$][\w$]*/g

/**
 * Counts identifier occurrences in a source text. References are taken this way rather than from
 * tree-sitter queries: it is an order of magnitude cheaper on large files, and only identifiers that
 * some file defines ever become edges of the ranking graph.
 */
export const countIdentifiers = (source: string): Record<string, number> => {
  const counts: Record<string, number> = Object.create(null)
  for (const m of source.matchAll(identifier)) {
    const name = m[0]
    if (name.length < 3) continue
    counts[name] = (counts[name] ?? 0) + 1
  }
  return counts
}
