/**
 * Line-based definition patterns: the extractor for SQL, for a file whose grammar does not load, and a
 * complement for a file whose parse tree has errors. Each pattern's group 1 is the name.
 *
 * @internal
 */
import type { Def, DefKind } from "./Tags.js"
import { displayLine } from "./Tags.js"

type Rule = readonly [kind: DefKind, pattern: RegExp]

const jsLike: ReadonlyArray<Rule> = [
  ["class", /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/],
  ["interface", /^\s*(?:export\s+)?(?:declare\s+)?interface\s+([A-Za-z_$][\w$]*)/],
  ["type", /^\s*(?:export\s+)?(?:declare\s+)?type\s+([A-Za-z_$][\w$]*)\s*[=<]/],
  ["enum", /^\s*(?:export\s+)?(?:declare\s+)?(?:const\s+)?enum\s+([A-Za-z_$][\w$]*)/],
  ["function", /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/],
  ["constant", /^(?:export\s+)?(?:declare\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)/]
]

const cLike: ReadonlyArray<Rule> = [
  ["class", /^\s*(?:typedef\s+)?(?:struct|union|class)\s+([A-Za-z_]\w*)\s*(?::[^{;]*)?\{/],
  ["enum", /^\s*(?:typedef\s+)?enum\s+(?:class\s+)?([A-Za-z_]\w*)\s*\{/],
  ["constant", /^\s*#\s*define\s+([A-Za-z_]\w*)/],
  ["function", /^[A-Za-z_][\w\s*&:<>,]*?[\s*&]([A-Za-z_]\w*)\s*\([^;]*$/]
]

const rules: Readonly<Record<string, ReadonlyArray<Rule>>> = {
  typescript: jsLike,
  tsx: jsLike,
  javascript: jsLike,
  python: [
    ["class", /^\s*class\s+([A-Za-z_]\w*)/],
    ["function", /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/],
    ["variable", /^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)/]
  ],
  go: [
    ["function", /^func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)/],
    ["type", /^(?:type\s+|\s+)([A-Za-z_]\w*)\s+(?:struct|interface)\b/],
    ["type", /^type\s+([A-Za-z_]\w*)/]
  ],
  rust: [
    ["function", /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+|async\s+|unsafe\s+|extern\s+"[^"]*"\s+)*fn\s+([A-Za-z_]\w*)/],
    ["class", /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:struct|union)\s+([A-Za-z_]\w*)/],
    ["enum", /^\s*(?:pub(?:\([^)]*\))?\s+)?enum\s+([A-Za-z_]\w*)/],
    ["interface", /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:unsafe\s+)?trait\s+([A-Za-z_]\w*)/],
    ["type", /^\s*(?:pub(?:\([^)]*\))?\s+)?type\s+([A-Za-z_]\w*)/],
    ["module", /^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+([A-Za-z_]\w*)/]
  ],
  java: [
    ["class", /^\s*(?:[a-z]+\s+)*(?:class|record)\s+([A-Za-z_]\w*)/],
    ["interface", /^\s*(?:[a-z]+\s+)*@?interface\s+([A-Za-z_]\w*)/],
    ["enum", /^\s*(?:[a-z]+\s+)*enum\s+([A-Za-z_]\w*)/],
    ["method", /^\s+(?:(?:public|protected|private|static|final|abstract|synchronized|native)\s+)+[\w<>[\], ?]+\s+([A-Za-z_]\w*)\s*\(/]
  ],
  csharp: [
    ["class", /^\s*(?:[a-z]+\s+)*(?:class|struct|record)\s+([A-Za-z_]\w*)/],
    ["interface", /^\s*(?:[a-z]+\s+)*interface\s+([A-Za-z_]\w*)/],
    ["enum", /^\s*(?:[a-z]+\s+)*enum\s+([A-Za-z_]\w*)/],
    ["module", /^\s*namespace\s+([\w.]+)/],
    ["method", /^\s+(?:(?:public|protected|private|internal|static|virtual|override|async|abstract|sealed)\s+)+[\w<>[\], ?.]+\s+([A-Za-z_]\w*)\s*[(<]/]
  ],
  kotlin: [
    ["class", /^\s*(?:[a-z]+\s+)*(?:class|object|interface)\s+([A-Za-z_]\w*)/],
    ["function", /^\s*(?:[a-z]+\s+)*fun\s+(?:<[^>]*>\s*)?(?:[\w.]+\.)?([A-Za-z_]\w*)/],
    ["type", /^\s*(?:[a-z]+\s+)*typealias\s+([A-Za-z_]\w*)/]
  ],
  ruby: [
    ["class", /^\s*class\s+([A-Z][\w:]*)/],
    ["module", /^\s*module\s+([A-Z][\w:]*)/],
    ["method", /^\s*def\s+(?:self\.)?([A-Za-z_]\w*[?!=]?)/]
  ],
  php: [
    ["class", /^\s*(?:abstract\s+|final\s+|readonly\s+)*class\s+([A-Za-z_]\w*)/],
    ["interface", /^\s*(?:interface|trait)\s+([A-Za-z_]\w*)/],
    ["function", /^\s*(?:(?:public|protected|private|static|abstract|final)\s+)*function\s+&?([A-Za-z_]\w*)/]
  ],
  bash: [["function", /^\s*(?:function\s+)?([A-Za-z_][\w:.-]*)\s*(?:\(\s*\))?\s*\{/]],
  c: cLike,
  cpp: cLike,
  sql: [
    [
      "type",
      /^\s*create\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+|unlogged\s+|materialized\s+)?(?:table|view|type|domain|schema|sequence|index|unique\s+index|trigger)\s+(?:if\s+not\s+exists\s+)?(?:concurrently\s+)?["`]?([\w.]+)/i
    ],
    ["function", /^\s*create\s+(?:or\s+replace\s+)?(?:function|procedure)\s+["`]?([\w.]+)/i]
  ]
}

/** Whether the fallback knows a language. */
export const hasRules = (language: string): boolean => language in rules

/** Definitions found line by line; the first rule that matches a line wins. */
export const regexDefs = (language: string, source: string): Array<Def> => {
  const languageRules = rules[language]
  if (!languageRules) return []
  const defs: Array<Def> = []
  const lines = source.split("\n")
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line] ?? ""
    if (text.length > 1000) continue
    for (const [kind, pattern] of languageRules) {
      const name = pattern.exec(text)?.[1]
      if (name === undefined) continue
      defs.push({ name, kind, line, end: line, text: displayLine(text) })
      break
    }
  }
  return defs
}
