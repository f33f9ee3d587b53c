/**
 * Symbol extraction: tree-sitter where the grammar loads, the regex fallback otherwise. A tree with
 * parse errors still yields its definitions; the fallback's finds are added for the names it missed.
 *
 * @internal
 */
import { Language, Parser, Query } from "web-tree-sitter"
import type { LanguageSpec } from "./Languages.js"
import { grammarPath } from "./Languages.js"
import { queries } from "./Queries.js"
import { hasRules, regexDefs } from "./RegexFallback.js"
import type { Def, DefKind, FileTags } from "./Tags.js"
import { countIdentifiers, displayLine } from "./Tags.js"

interface Grammar {
  readonly parser: Parser
  readonly query: Query
}

/** Extracts tags from source text; grammars must be loaded first with `load`. */
export interface Extractor {
  /** Loads the grammars of these languages; a grammar that fails to load is remembered as absent. */
  readonly load: (languages: Iterable<LanguageSpec>) => Promise<void>
  /** The tags of one file. Never throws: a file that cannot be parsed falls back to regexes. */
  readonly extract: (path: string, language: LanguageSpec, source: string) => FileTags
  /**
   * Provisional tags without parsing: the regex definitions and the identifier counts, several times
   * cheaper than `extract`. Good enough to rank files; `extract` replaces them later.
   */
  readonly quick: (path: string, language: LanguageSpec, source: string) => FileTags
  /** Frees the parsers' wasm memory. */
  readonly dispose: () => void
}

let initialised: Promise<void> | undefined

const loadGrammar = async (spec: LanguageSpec): Promise<Grammar | undefined> => {
  const query = queries[spec.id]
  if (!spec.grammar || !query) return undefined
  try {
    const language = await Language.load(grammarPath(spec.grammar))
    const parser = new Parser()
    parser.setLanguage(language)
    return { parser, query: new Query(language, query) }
  } catch {
    return undefined
  }
}

const localKinds = new Set<string>(["constant", "variable"])

// Definitions start near the root; not starting matches deeper saves about a third of the query time
// and loses only definitions nested in functions inside functions (about 0.3 % in Effect's sources).
const maxStartDepth = 12

const treeDefs = (grammar: Grammar, source: string): { defs: Array<Def>; hasError: boolean } | undefined => {
  const tree = grammar.parser.parse(source)
  if (!tree) return undefined
  try {
    const lines = source.split("\n")
    const scopes: Array<readonly [number, number]> = []
    const found: Array<{ def: Def; start: number; end: number }> = []
    for (const match of grammar.query.matches(tree.rootNode, { maxStartDepth })) {
      let name: string | undefined
      let kind: string | undefined
      let node: { startIndex: number; endIndex: number; startPosition: { row: number }; endPosition: { row: number } } | undefined
      for (const capture of match.captures) {
        if (capture.name === "name") name = capture.node.text
        else if (capture.name === "scope") scopes.push([capture.node.startIndex, capture.node.endIndex])
        else {
          kind = capture.name
          node = capture.node
        }
      }
      if (name === undefined || kind === undefined || node === undefined) continue
      const row = node.startPosition.row
      const def: Def = {
        name: name.replace(/^["'`]|["'`]$/g, ""),
        kind: kind as DefKind,
        line: row,
        end: node.endPosition.row,
        text: displayLine(lines[row] ?? "")
      }
      found.push({ def, start: node.startIndex, end: node.endIndex })
    }
    return { defs: dropLocals(found, scopes), hasError: tree.rootNode.hasError }
  } finally {
    tree.delete()
  }
}

/** Drops variables and constants that sit inside a function-like scope (locals). Scopes nest. */
const dropLocals = (
  found: Array<{ def: Def; start: number; end: number }>,
  scopes: Array<readonly [number, number]>
): Array<Def> => {
  if (scopes.length === 0) return found.map((f) => f.def)
  scopes.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const ordered = [...found].sort((a, b) => a.start - b.start)
  const open: Array<number> = []
  const kept: Array<Def> = []
  let next = 0
  for (const f of ordered) {
    while (next < scopes.length && scopes[next]![0] < f.start) {
      const scope = scopes[next++]!
      while (open.length > 0 && open[open.length - 1]! <= scope[0]) open.pop()
      open.push(scope[1])
    }
    while (open.length > 0 && open[open.length - 1]! <= f.start) open.pop()
    if (localKinds.has(f.def.kind) && open.length > 0) continue
    kept.push(f.def)
  }
  return kept
}

const merge = (primary: Array<Def>, extra: Array<Def>): Array<Def> => {
  const seen = new Set(primary.map((d) => `${d.name}:${d.line}`))
  const names = new Set(primary.map((d) => d.name))
  const out = [...primary]
  for (const d of extra) if (!names.has(d.name) && !seen.has(`${d.name}:${d.line}`)) out.push(d)
  return out
}

const unique = (defs: Array<Def>): Array<Def> => {
  const seen = new Set<string>()
  return defs
    .filter((d) => {
      const key = `${d.name}:${d.line}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    .sort((a, b) => a.line - b.line)
}

const quick = (path: string, language: LanguageSpec, source: string, refs: FileTags["refs"]): FileTags => {
  const via = hasRules(language.id) ? "regex" : "none"
  return { path, language: language.id, via, defs: unique(regexDefs(language.id, source)), refs }
}

/**
 * Creates an extractor. The tree-sitter runtime is initialised once per process (it is a wasm module);
 * if it cannot be, every file goes to the regex fallback.
 */
export const makeExtractor = async (): Promise<Extractor> => {
  initialised ??= Parser.init()
  const ready = await initialised.then(
    () => true,
    () => false
  )
  const grammars = new Map<string, Grammar | undefined>()
  return {
    load: async (languages) => {
      if (!ready) return
      for (const spec of languages) {
        if (!grammars.has(spec.id)) grammars.set(spec.id, await loadGrammar(spec))
      }
    },
    extract: (path, language, source) => {
      const refs = countIdentifiers(source, language.id)
      const grammar = grammars.get(language.id)
      const parsed = grammar ? treeDefs(grammar, source) : undefined
      if (parsed) {
        const defs = parsed.hasError ? merge(parsed.defs, regexDefs(language.id, source)) : parsed.defs
        return { path, language: language.id, via: "tree-sitter", defs: unique(defs), refs }
      }
      return quick(path, language, source, refs)
    },
    quick: (path, language, source) => quick(path, language, source, countIdentifiers(source, language.id)),
    dispose: () => {
      for (const g of grammars.values()) g?.parser.delete()
      grammars.clear()
    }
  }
}
