/** Python, pytest, pip and mypy. Collection errors are tried before test failures. */
import type { Rule } from "./Rule.js"

export const pythonRules: ReadonlyArray<Rule> = [
  {
    id: "python/syntax-error",
    class: "syntax_error",
    tool: "python",
    match: /^(?:E\s+)?\s*File "(?<file>[^"\n]+)", line (?<line>\d+)\n(?:.*\n){0,4}?(?:E\s+)?\s*(?:SyntaxError|IndentationError|TabError)\b.*$/m,
    hint: "Fix the syntax at {file} line {line}: change only that statement, do not rewrite the file.",
    context: 5
  },
  {
    id: "pip/no-matching-distribution",
    class: "dependency_install",
    tool: "pip",
    match: /(?:ERROR: )?(?:Could not find a version that satisfies the requirement|No matching distribution found for) (?<pkg>\S+)/,
    hint: "pip cannot install {pkg}: check the package name and version pin; if the index is unreachable, use only packages already installed."
  },
  {
    id: "mypy/error",
    class: "type_error",
    tool: "mypy",
    match: /^(?<file>[^\s:]+\.py):\d+: error: .*\[[a-z-]+\]$/m,
    requires: [/^Found \d+ errors? in \d+ files?/m],
    hint: "Fix the type errors mypy reports, starting with the first; do not add type: ignore or Any to silence them."
  },
  {
    id: "python/module-not-found",
    class: "missing_module",
    tool: "python",
    match: /ModuleNotFoundError: No module named '(?<module>[^']+)'/,
    hint: "Module '{module}' cannot be imported: fix the import path if the module is the project's own, else add the package to the project's dependencies."
  },
  {
    id: "python/import-name",
    class: "missing_symbol",
    tool: "python",
    match: /ImportError: cannot import name '(?<name>[^']+)' from '(?<module>[^']+)'/,
    hint: "'{name}' does not exist in '{module}': import the name the module really defines, or define it there."
  },
  {
    id: "python/name-error",
    class: "missing_symbol",
    tool: "python",
    match: /NameError: name '(?<name>[^']+)' is not defined/,
    hint: "'{name}' is used but never defined or imported: add the import or fix the spelling at the line in the traceback."
  },
  {
    id: "python/attribute-error",
    class: "missing_symbol",
    tool: "python",
    match: /AttributeError: .*has no attribute '(?<name>[^']+)'/,
    hint: "The object has no attribute '{name}': check the real API of that object (read its definition) and use an attribute that exists."
  },
  {
    id: "python/type-error",
    class: "type_error",
    tool: "python",
    match: /^(?:E\s+)?TypeError: .*$/m,
    requires: [/^Traceback \(most recent call last\):$/m],
    hint: "A value of the wrong type reached the line in the traceback: fix the call or the value there, not the callee's signature."
  },
  {
    id: "pytest/failed",
    class: "test_failure",
    tool: "pytest",
    match: /^FAILED \S+::\S+|^=+ .*\b\d+ failed\b.* =+$/m,
    hint: "Read the failing test and its assertion first, then fix the code under test; change the test only if the task says the behaviour changes.",
    context: 4
  },
  {
    id: "pytest/collection-error",
    class: "runtime_error",
    tool: "pytest",
    match: /^_+ ERROR collecting (?<file>\S+) _+$/m,
    hint: "pytest could not import {file}: fix the error shown under 'ERROR collecting' before looking at any test.",
    context: 6
  },
  {
    id: "python/traceback",
    class: "runtime_error",
    tool: "python",
    match: /^(?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception)(?:: .*)?$/m,
    requires: [/^Traceback \(most recent call last\):$/m],
    hint: "The program raised an uncaught exception: read the exception line and the last frame of the traceback above it, and fix the cause at that frame.",
    context: 1
  }
]
