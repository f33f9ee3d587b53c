/** TypeScript and Node: tsc, node, jest, vitest, eslint, npm. */
import type { Rule } from "./Rule.js"

export const nodeRules: ReadonlyArray<Rule> = [
  {
    id: "tsc/cannot-find-module",
    class: "missing_module",
    tool: "tsc",
    match: /^(?<file>\S+)\(\d+,\d+\): error TS2307: Cannot find module '(?<module>[^']+)'.*$/m,
    hint: "tsc cannot resolve '{module}' in {file}: fix the import path (with the .js extension under NodeNext) or install the package and its types."
  },
  {
    id: "tsc/diagnostic",
    class: "type_error",
    tool: "tsc",
    match: /^(?<file>\S+)[(:]\d+[,:]\d+\)?:? - ?error TS\d+:.*$|^(?<file2>\S+)\(\d+,\d+\): error TS\d+:.*$/m,
    hint: "Fix the type errors tsc reports, starting with the first; do not silence them with any or ts-ignore."
  }
]
