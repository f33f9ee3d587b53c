/** rustc and cargo: the compiler's error codes first, then test failures, then panics. */
import type { Rule } from "./Rule.js"

const rustc = (codes: string) => new RegExp(`^error\\[E(?:${codes})\\]: .*$`, "m")

export const rustRules: ReadonlyArray<Rule> = [
  {
    id: "cargo/dependency",
    class: "dependency_install",
    tool: "cargo",
    match: /^error: (?:no matching package named `(?<pkg>[^`]+)` found|failed to (?:get `(?<pkg2>[^`]+)` as a dependency|select a version for|download|load source for dependency)).*$/m,
    hint: "cargo cannot fetch a dependency: check the crate name and version in Cargo.toml; if the registry is unreachable, use only crates already in Cargo.lock.",
    context: 4
  },
  {
    id: "rustc/link",
    class: "link_error",
    tool: "rustc",
    match: /^error: linking with `[^`]+` failed/m,
    hint: "Linking failed: a native library or extern symbol is missing (see 'undefined reference' below); add the library to the build or fix the extern declaration.",
    context: 0
  },
  {
    id: "rustc/borrow-check",
    class: "borrow_check",
    tool: "rustc",
    match: rustc("0382|0499|0502|0503|0505|0506|0507|0596|0597|0716|0373|0384|0515"),
    hint: "The borrow checker refused the code: restructure ownership at the reported lines (clone a small value, shorten a borrow's scope, pass a reference); do not reach for unsafe.",
    context: 3
  },
  {
    id: "rustc/unresolved",
    class: "missing_symbol",
    tool: "rustc",
    match: rustc("0412|0425|0432|0433|0599|0560|0609|0405|0422|0531"),
    hint: "A name, path or method does not exist: check the item's real name and its use path (read the module that defines it); add the use line if it is missing.",
    context: 3
  },
  {
    id: "rustc/mismatched",
    class: "type_error",
    tool: "rustc",
    match: rustc("0308|0277|0061|0069|0369|0600|0614|0106|0107"),
    hint: "The types do not line up: follow the expected/found note at the reported line and convert the value or change the signature there.",
    context: 3
  },
  {
    id: "clippy/deny",
    class: "lint_error",
    tool: "clippy",
    match: /^error: .*$/m,
    requires: [/#\[deny\(clippy::|-D clippy::|rust-clippy\/master/],
    hint: "Fix each clippy error as its help line suggests; do not add #[allow(...)] to silence it."
  },
  {
    id: "rustc/syntax",
    class: "syntax_error",
    tool: "rustc",
    match: /^error: (?:expected .*|this file contains an unclosed delimiter|unexpected closing delimiter.*|mismatched closing delimiter.*|unterminated .*)$/m,
    hint: "The file does not parse: fix the token at the reported line (a brace, semicolon or comma); change only that statement.",
    context: 2
  },
  {
    id: "cargo/test-failed",
    class: "test_failure",
    tool: "cargo",
    match: /^test result: FAILED\..*$|^error: test failed, to rerun pass/m,
    hint: "Read the failing test's panic message (under 'failures:') first, then fix the code under test; change the test only if the task changes the behaviour.",
    context: 0
  },
  {
    id: "rustc/error",
    class: "type_error",
    tool: "rustc",
    match: /^error(?:\[E\d{4}\])?: .*\n\s*--> \S+\.rs:\d+:\d+$/m,
    hint: "Fix the first compiler error at its reported line, following rustc's help note; recompile before touching the next one.",
    context: 3
  },
  {
    id: "rust/panic",
    class: "runtime_error",
    tool: "rust",
    match: /^thread '[^']*'(?: \(\d+\))? panicked at .*$/m,
    hint: "The program panicked: read the panic message and location, and handle that case (a None, an Err, an index) instead of unwrapping.",
    context: 1
  }
]
