/**
 * Node and its tools: npm installs, module resolution, syntax, ESLint, jest and vitest, uncaught
 * exceptions. Resolution and syntax errors are tried before test failures: a test file that cannot
 * load is reported by the runner as a failed suite, but the fix is the import, not the test.
 */
import type { Rule } from "./Rule.js"

const npm = String.raw`npm (?:error|ERR!)`
// Node prints its version after an uncaught exception; test runners do not.
const uncaught = /^Node\.js v\d+/m

export const nodeRules: ReadonlyArray<Rule> = [
  {
    id: "npm/not-found",
    class: "dependency_install",
    tool: "npm",
    match: new RegExp(`${npm} (?:404 Not Found - GET \\S+|code E404|code ETARGET|notarget No matching version found for \\S+)`),
    hint: "npm cannot find that package or version: check the name against the registry and pick a version that exists; do not invent package names.",
    context: 3
  },
  {
    id: "npm/eresolve",
    class: "dependency_install",
    tool: "npm",
    match: new RegExp(`${npm} (?:code ERESOLVE|ERESOLVE (?:unable to resolve|could not resolve))`),
    hint: "The dependency tree has conflicting peer versions: align the versions named below in package.json; use --legacy-peer-deps only as a last resort.",
    context: 6
  },
  {
    id: "npm/network",
    class: "dependency_install",
    tool: "npm",
    match: new RegExp(`${npm} (?:code (?:ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)|network )`),
    hint: "npm could not reach the registry: retry later or work offline with what is installed; do not change the code for this.",
    context: 3
  },
  {
    id: "node/package-not-found",
    class: "missing_dependency",
    tool: "node",
    match: /Cannot find (?:package|module) '(?<pkg>(?![./])[^']+)'(?: (?:imported )?from \S+)?$|Failed to (?:resolve import|load url) "?(?<pkg2>(?![./])[^\s"']+)/m,
    unless: /error TS\d+/,
    hint: "The package is not installed: add it to package.json dependencies and install it, or use a package the project already has."
  },
  {
    id: "node/module-not-found",
    class: "missing_module",
    tool: "node",
    match: /Cannot find module '(?<module>[./][^']*)'|Failed to (?:resolve import|load url) "?(?<module2>[./][^\s"']*)|ERR_MODULE_NOT_FOUND/,
    unless: /error TS\d+/,
    hint: "A relative import points at a file that does not exist: fix the path (and the extension for ES modules) or create the module it should name."
  },
  {
    id: "node/syntax-error",
    class: "syntax_error",
    tool: "node",
    match: /^SyntaxError: .*$|Transform failed with \d+ errors?|^\S+:\d+:\d+: ERROR: .*$/m,
    hint: "The file does not parse: fix the syntax at the reported line (a bracket, a quote, a comma); change only that statement."
  },
  {
    id: "node/reference-error",
    class: "missing_symbol",
    tool: "node",
    match: /ReferenceError: (?<name>\S+) is not defined/,
    hint: "'{name}' is used but never declared or imported: import it from the module that defines it or fix the spelling."
  },
  {
    id: "eslint/problems",
    class: "lint_error",
    tool: "eslint",
    match: /^\s+\d+:\d+\s+error\s+.*$/m,
    requires: [/^✖ \d+ problems? \(\d+ errors?/m],
    hint: "Fix each ESLint error at its line, following the named rule; do not disable rules or add eslint-disable comments.",
    context: 3
  },
  {
    id: "node/test-failed",
    class: "test_failure",
    tool: "node --test",
    match: /^not ok \d+ - .*$|^✖ failing tests:$/m,
    requires: [/^(?:# |ℹ )fail [1-9]/m],
    hint: "Read the failing test and its assertion (expected/actual) first, then fix the code under test; change the test only if the task changes the behaviour.",
    context: 6
  },
  {
    id: "jest/failed",
    class: "test_failure",
    tool: "jest",
    match: /^ +● .*$/m,
    requires: [/^Tests:\s+\d+ failed/m, /^Test Suites: /m],
    hint: "Read the failing test (● name) and its expected/received values first, then fix the code under test; change the test only if the task changes the behaviour.",
    context: 5
  },
  {
    id: "vitest/failed",
    class: "test_failure",
    tool: "vitest",
    match: /^ *(?:FAIL|×|❯) +\S+\.(?:test|spec)\.\w+ [>›] .*$|^ *Tests +\d+ failed/m,
    requires: [/Test Files +\d+ failed/],
    hint: "Read the failing test and its expected/received values first, then fix the code under test; change the test only if the task changes the behaviour."
  },
  {
    id: "node/type-error",
    class: "type_error",
    tool: "node",
    match: /^TypeError: .*$/m,
    requires: [uncaught],
    hint: "A value of the wrong type (often undefined) reached the line in the stack trace: find where it comes from and fix it there; do not add blanket guards."
  },
  {
    id: "node/uncaught",
    class: "runtime_error",
    tool: "node",
    match: /^(?:\w*Error|AssertionError)(?: \[[A-Z_]+\])?: .*$/m,
    requires: [uncaught],
    hint: "The program threw an uncaught error: read the message and the first stack frame in the project's code, and fix the cause there.",
    context: 1
  }
]
