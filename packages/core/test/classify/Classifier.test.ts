import { describe, expect, it } from "@effect/vitest"
import { classify, classifyWith, hardClasses, remediationBlock } from "../../src/classify/Classifier.js"
import { rules } from "../../src/classify/Rules.js"
import { tailLength } from "../../src/classify/Window.js"
import { loadFixtures } from "./Fixture.js"

const fixture = (name: string) => {
  const found = loadFixtures().find((f) => f.name === name)
  if (!found) throw new Error(`no fixture ${name}`)
  return found.output
}
const tscError = "src/total.ts(2,14): error TS2322: Type 'number' is not assignable to type 'string'.\n"
const noise = (lines: number) => Array.from({ length: lines }, (_, i) => `[build] compiled module ${i} of the bundle in 3ms\n`).join("")

describe("Classifier.classify on awkward inputs", () => {
  it("empty and whitespace-only output is unknown, with a hint and no evidence", () => {
    for (const text of ["", "\n\n   \n"]) {
      expect(classify(text)).toEqual({ class: "unknown", severity: "recoverable", tool: null, rule: null, hint: expect.any(String), evidence: [] })
    }
  })

  it("binary output is unknown; an error after binary noise is found and its evidence has no control characters", () => {
    const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919 + 13) % 256)).toString("latin1").replace(/error|fail|panic|exception|traceback|fatal|denied|killed|space|memory|timed|conflict/gi, "xx")
    expect(classify(bytes).class).toBe("unknown")
    const c = classify(`${bytes}\n${tscError.replace("Type", "Type\u0000\u0007")}`)
    expect(c.rule).toBe("tsc/diagnostic")
    expect([...c.evidence.join("")].filter((ch) => ch < " " && ch !== "\t")).toEqual([])
  })

  it("a 1 MB log with the error at its end is classified by its tail", () => {
    const log = noise(21_000) + tscError
    expect(log.length).toBeGreaterThan(1_000_000)
    expect(classify(log)).toMatchObject({ class: "type_error", tool: "tsc", evidence: [tscError.trimEnd()] })
  })

  it("a 50,000-line log whose first error is far before the tail still names that error", () => {
    const log = noise(25_000) + tscError + noise(25_000)
    expect(log.split("\n").length).toBeGreaterThan(50_000)
    expect(log.length - log.indexOf(tscError)).toBeGreaterThan(tailLength)
    expect(classify(log)).toMatchObject({ class: "type_error", rule: "tsc/diagnostic" })
  })

  it("a 1 MB single line without spaces or newlines is unknown (and does not hang the matcher)", () => {
    expect(classify("a(".repeat(500_000)).class).toBe("unknown")
    expect(classify("File \"".repeat(200_000)).class).toBe("unknown")
  })

  it("ANSI colours and CRLF line ends do not hide an error", () => {
    const coloured = "\u001b[91merror\u001b[0m[E0382]: borrow of moved value: `v`\r\n  --> src/main.rs:4:20\r\n"
    expect(classify(coloured)).toMatchObject({ class: "borrow_check", evidence: ["error[E0382]: borrow of moved value: `v`", "  --> src/main.rs:4:20"] })
  })
})

describe("Classifier rules", () => {
  it("hard classes are hard and every other class is recoverable, rule by rule", () => {
    for (const rule of rules) {
      const hard = hardClasses.has(rule.class)
      const got = classifyWith([rule])
      expect(rule.severity ?? (hard ? "hard" : "recoverable")).toBe(hard ? "hard" : "recoverable")
      expect(got("nothing to see").class).toBe("unknown")
    }
    for (const key of ["vcs_conflict", "vcs_nothing_to_commit", "command_not_found", "permission_denied", "disk_full"] as const) {
      expect(hardClasses.has(key)).toBe(true)
    }
  })

  it("no rule regex has the g or y flag (exec would keep state between calls)", () => {
    for (const rule of rules) expect([rule.id, rule.match.global || rule.match.sticky]).toEqual([rule.id, false])
  })

  it("classifying twice gives the same answer", () => {
    const text = fixture("rust-borrow")
    expect(classify(text)).toEqual(classify(text))
  })
})

describe("Classifier ordering: the more specific failure wins", () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ["a pytest failure whose message mentions SyntaxError is a test failure", "pytest-failed-mentions-syntaxerror", "pytest/failed"],
    ["a pytest collection SyntaxError is a syntax error", "pytest-collect-syntax", "python/syntax-error"],
    ["a TypeError inside a pytest test is a test failure", "pytest-failed-typeerror", "pytest/failed"],
    ["tsc errors inside an npm script are tsc's", "npm-build-tsc", "tsc/diagnostic"],
    ["a missing tool inside an npm script is command not found", "npm-script-tool-missing", "shell/command-not-found"],
    ["spawn ENOENT thrown by node is command not found, not an uncaught error", "node-spawn-enoent", "shell/command-not-found"],
    ["a TypeError inside a vitest test is a test failure", "vitest-typeerror", "vitest/failed"],
    ["a test file that cannot import is a missing module, not a test failure", "vitest-missing-import", "node/module-not-found"],
    ["a Go test binary killed by a signal is killed, not a test failure", "go-test-killed", "process/killed"],
    ["a Go test that does not compile is the compile error", "go-test-compile", "go/undefined"],
    ["a cargo test that segfaults is a crash", "rust-test-segfault", "native/crash"],
    ["a failed allocation that aborts is out of memory, not a crash", "rust-alloc-failed", "native/allocation-failed"],
    ["a Python MemoryError traceback is out of memory, not a runtime error", "python-memory-error", "python/memory-error"],
    ["a javac error under Maven is javac's", "maven-compile-error", "javac/cannot-find-symbol"],
    ["a gcc error under make is gcc's", "make-gcc-error", "cc/undeclared"],
    ["a subprocess timeout traceback is a timeout", "python-subprocess-timeout", "process/timed-out"],
    ["a push of a ref that does not exist is ref-not-found, not rejected", "git-push-missing-ref", "git/ref-not-found"]
  ]
  it.each(cases)("%s", (_title, name, rule) => {
    expect(classify(fixture(name)).rule).toBe(rule)
  })

  it("an agent's rate limit wins over the tool output its transcript quotes", () => {
    expect(classify(`${fixture("npm-build-tsc")}\n${fixture("claude-429")}`).rule).toBe("claude/rate-limit")
  })

  it("a web app's test that expects a 500 or 429 response is a test failure, not the model API", () => {
    const text = `${fixture("vitest-failed")}\nAssertionError: expected 429 Too Many Requests to be 200\n  got 500 Internal Server Error, 503 Service Unavailable\n`
    expect(classify(text).rule).toBe("vitest/failed")
  })

  it("ENOSPC for file watchers is not a full disk", () => {
    const text = "Error: ENOSPC: System limit for number of file watchers reached, watch '/app/src'\n    at FSWatcher.<computed> (node:internal/fs/watchers:247:19)\n\nNode.js v20.20.2\n"
    expect(classify(text)).toMatchObject({ class: "runtime_error", rule: "node/uncaught" })
  })

  it("a disk-full line explains the compiler errors after it", () => {
    expect(classify(`/usr/bin/ld: final link failed: No space left on device\n${tscError}`).rule).toBe("system/disk-full")
  })
})

describe("remediationBlock", () => {
  it("states class, severity, tool, hint and evidence, then the three instructions", () => {
    const c = classify(fixture("tsc-type-error"))
    const block = remediationBlock(c, fixture("tsc-type-error"))
    expect(block).toContain("type_error (recoverable, reported by tsc)")
    expect(block).toContain(`Hint: ${c.hint}`)
    expect(block).toContain("src/total.ts(2,14): error TS2322: Type 'number' is not assignable to type 'string'.")
    expect(block).toMatch(/Apply the hint; do not rewrite unrelated files; do not repeat the failed approach\.$/)
  })

  it("for an unknown failure quotes only the last 2,000 characters and asks for the root cause", () => {
    const output = `${"x".repeat(5_000)}\nthe end of the log`
    const block = remediationBlock(classify(output), output)
    expect(block).toContain(output.slice(-2_000))
    expect(block).not.toContain(output.slice(-2_001))
    expect(block).toMatch(/Fix the root cause\.$/)
  })
})
