/** The TypeScript compiler: unresolved modules and names, syntax, then every other diagnostic. */
import type { Rule } from "./Rule.js"

// Both output styles: `src/a.ts(3,7): error TS2322:` (piped) and `src/a.ts:3:7 - error TS2322:` (--pretty).
const at = String.raw`^(?<file>[^\s(:]+)(?:\(\d+,\d+\):|:\d+:\d+ -) error TS`

export const typeScriptRules: ReadonlyArray<Rule> = [
  {
    id: "tsc/cannot-find-module",
    class: "missing_module",
    tool: "tsc",
    match: new RegExp(`${at}(?:2307|2792): Cannot find module '(?<module>[^']+)'.*$`, "m"),
    hint: "tsc cannot resolve '{module}' in {file}: fix the import path (relative imports end in .js under NodeNext), or install the package and its types."
  },
  {
    id: "tsc/missing-name",
    class: "missing_symbol",
    tool: "tsc",
    match: new RegExp(`${at}(?:2304|2305|2339|2551|2552|2580|2582|2591|2614|2694|2724): .*$`, "m"),
    hint: "A name, export or property used in {file} does not exist: read the definition it should come from and use the real name; do not declare a stub to silence tsc."
  },
  {
    id: "tsc/syntax",
    class: "syntax_error",
    tool: "tsc",
    match: new RegExp(`${at}1\\d{3}: .*$`, "m"),
    hint: "Fix the syntax error tsc reports in {file} at that line (a missing bracket, comma or semicolon); change only that statement."
  },
  {
    id: "tsc/diagnostic",
    class: "type_error",
    tool: "tsc",
    match: new RegExp(`${at}\\d+: .*$`, "m"),
    hint: "Fix the type errors tsc reports, starting with the first in {file}; do not silence them with any, casts or @ts-ignore."
  }
]
