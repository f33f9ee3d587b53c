/** The Go toolchain: module resolution, compile errors, vet, tests, panics. */
import type { Rule } from "./Rule.js"

const at = String.raw`^(?<file>\S+\.go):\d+:\d+: `

export const goRules: ReadonlyArray<Rule> = [
  {
    id: "go/missing-package",
    class: "missing_dependency",
    tool: "go",
    match: /no required module provides package (?<pkg>\S+?);|package (?<pkg2>\S+) is not in (?:GOROOT|std)|cannot find package "(?<pkg3>[^"]+)"|missing go\.sum entry for module providing package/,
    hint: "The imported package is not in go.mod: fix the import path if it is the project's own package, else add the module with go get and commit go.mod and go.sum."
  },
  {
    id: "go/syntax",
    class: "syntax_error",
    tool: "go",
    match: new RegExp(`${at}syntax error: .*$`, "m"),
    hint: "{file} does not parse: fix the token at the reported line (a brace, comma or newline); change only that statement."
  },
  {
    id: "go/undefined",
    class: "missing_symbol",
    tool: "go",
    match: new RegExp(`${at}(?:undefined: \\S+|\\S+ undefined \\(type .* has no (?:field or method|method) .*\\)).*$`, "m"),
    hint: "A name used in {file} is not defined: check the real identifier (exported names start with a capital) and the package it comes from."
  },
  {
    id: "go/unused",
    class: "lint_error",
    tool: "go",
    match: new RegExp(`${at}(?:declared (?:and|but) not used.*|.* declared (?:and|but) not used|"[^"]+" imported (?:and not used|as \\S+ and not used))$`, "m"),
    hint: "Go refuses unused variables and imports: remove the ones named, or use them as the task intends."
  },
  {
    id: "go/type",
    class: "type_error",
    tool: "go",
    match: new RegExp(`${at}(?:cannot use .*|invalid operation: .*|too many arguments .*|not enough arguments .*|cannot convert .*|.* does not implement .*|.*(?:mismatched types|type mismatch).*)$`, "m"),
    hint: "The types do not line up at the reported line in {file}: convert the value or fix the call there, not the callee's signature."
  },
  {
    id: "go/vet",
    class: "lint_error",
    tool: "go vet",
    match: new RegExp(`${at}.*$`, "m"),
    requires: [/^# \S+\n(?:.*\n)*?(?:vet: |\S+\.go:\d+:\d+: .*(?:format %|possible misuse|unreachable code|self-assignment|copies lock))/m],
    hint: "go vet found a likely bug: fix the line it names (format verbs, copied locks, unreachable code) as its message says."
  },
  {
    id: "go/build-error",
    class: "type_error",
    tool: "go",
    match: new RegExp(`${at}.*$`, "m"),
    requires: [/^# \S+$/m],
    hint: "Fix the first compile error Go reports in {file} at its line, then build again before touching the next one."
  },
  {
    id: "go/test-failed",
    class: "test_failure",
    tool: "go",
    match: /^\s*--- FAIL: \S+.*$/m,
    hint: "Read the failing test's message (the lines under --- FAIL) first, then fix the code under test; change the test only if the task changes the behaviour.",
    context: 3
  },
  {
    id: "go/panic",
    class: "runtime_error",
    tool: "go",
    match: /^panic: .*$/m,
    requires: [/^goroutine \d+ \[/m],
    hint: "The program panicked: read the panic message and the first stack frame in the project's code, and handle that case (nil, index, closed channel) there.",
    context: 1
  }
]
