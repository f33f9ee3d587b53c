/**
 * C and C++ (gcc, clang), the linker, sanitizers and native crashes. Sanitizer reports and crashes
 * are tried before the test runners that ran the crashing binary.
 */
import type { Rule } from "./Rule.js"

// gcc quotes names with ‘’ in UTF-8 locales and '' in the C locale.
const q = "[‘'][^‘’'\\n]+[’']"
const cc = (message: string) =>
  new RegExp(`^(?<file>[^\\s:]+\\.(?:c|cc|cpp|cxx|h|hpp|m|mm)):\\d+(?::\\d+)?: (?:fatal )?error: (?:${message}).*$`, "m")

export const sanitizerRules: ReadonlyArray<Rule> = [
  {
    id: "sanitizer/report",
    class: "crash",
    tool: "sanitizer",
    match: /^==\d+==ERROR: (?:Address|Leak|Memory)Sanitizer: .*$|^WARNING: ThreadSanitizer: .*$|^\S+:\d+:\d+: runtime error: .*$/m,
    hint: "A sanitizer caught memory misuse or undefined behaviour: go to the first frame in the project's code in the report and fix that access (bounds, lifetime, overflow).",
    context: 3
  },
  {
    id: "native/crash",
    class: "crash",
    tool: null,
    match: /Segmentation fault|Aborted \(core dumped\)|\(signal: \d+, SIG(?:SEGV|ABRT|BUS|FPE|ILL)|stack smashing detected|double free or corruption|free\(\): invalid|Floating point exception|Bus error|Illegal instruction|signal: segmentation fault|corrupted size vs\. prev_size|malloc\(\): |: Assertion `.*' failed\./,
    hint: "The process crashed (segfault or abort): run it under the debugger or a sanitizer build, find the bad pointer, index or free, and fix that line."
  }
]

export const nativeRules: ReadonlyArray<Rule> = [
  {
    id: "cc/missing-header",
    class: "missing_module",
    tool: "cc",
    match: /fatal error: '?(?<header>[^\s':]+)'?(?:: No such file or directory| file not found)/,
    hint: "Header {header} is not found: fix the #include path if the header is the project's own, else install the library's development package and add its include path."
  },
  {
    id: "cc/werror",
    class: "lint_error",
    tool: "cc",
    match: /^\S+:\d+:\d+: error: .*\[-Werror(?:=[\w-]+)?\]$/m,
    hint: "A warning is treated as an error: fix the code the warning names (unused variable, sign compare, fallthrough); do not remove -Werror or add pragmas."
  },
  {
    id: "cc/undeclared",
    class: "missing_symbol",
    tool: "cc",
    match: cc(`${q} undeclared|${q} was not declared in this scope|use of undeclared identifier|unknown type name|${q} is not a member of|implicit declaration of function|no member named|${q} has no member named|no declaration matches`),
    hint: "A name used in {file} is not declared: include the header that declares it, or fix the spelling; do not declare it again by hand."
  },
  {
    id: "cc/type",
    class: "type_error",
    tool: "cc",
    match: cc("incompatible types|invalid conversion from|cannot convert|no matching function for call|invalid operands|conflicting types for|too (?:many|few) arguments|assigning to .* from incompatible type|cannot initialize"),
    hint: "The types do not line up at the reported line in {file}: fix the value or the call there, following the compiler's note.",
    context: 3
  },
  {
    id: "cc/syntax",
    class: "syntax_error",
    tool: "cc",
    match: cc(`expected .*|stray ${q} in program|missing terminating .* character|unterminated .*`),
    hint: "{file} does not parse: fix the token at the reported line (usually a missing ';', brace or parenthesis on the line before); change only that statement."
  },
  {
    id: "ld/undefined-reference",
    class: "link_error",
    tool: "ld",
    match: /undefined reference to `[^']+'|Undefined symbols for architecture|ld(?:\.\w+)?: cannot find -l\S+|multiple definition of `[^']+'|ld returned \d+ exit status|unresolved external symbol/,
    hint: "Linking failed: a function is declared but not defined or its library is not linked. Define it, add the source file to the build, or add the library (-l) to the link line."
  },
  {
    id: "cc/error",
    class: "type_error",
    tool: "cc",
    match: cc(".+"),
    hint: "Fix the first compile error reported in {file} at its line, then build again before touching the next one.",
    context: 2
  }
]
