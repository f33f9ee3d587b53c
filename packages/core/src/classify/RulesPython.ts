/** Python and pytest. */
import type { Rule } from "./Rule.js"

export const pythonRules: ReadonlyArray<Rule> = [
  {
    id: "python/syntax-error",
    class: "syntax_error",
    tool: "python",
    match: /^\s*File "(?<file>[^"]+)", line (?<line>\d+)[^\n]*\n(?:.*\n){0,4}?\s*(?:E\s+)?(?:SyntaxError|IndentationError|TabError):.*$/m,
    hint: "Fix the syntax at {file} line {line}; change only that statement, do not rewrite the file.",
    context: 5
  },
  {
    id: "python/module-not-found",
    class: "missing_module",
    tool: "python",
    match: /^.*ModuleNotFoundError: No module named '(?<module>[^']+)'.*$/m,
    hint: "Module '{module}' is not importable: fix the import path if it is ours, else add the dependency to the project's requirements."
  }
]
