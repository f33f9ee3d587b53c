import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { runCli } from "./support/runCli.js"

const fixtures = path.resolve(import.meta.dirname, "../../core/test/classify/fixtures")
const env = { PATH: process.env.PATH ?? "", HOME: os.tmpdir() }
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-classify-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** A fixture's output without its header, as a user would have it in a log file. */
const logFile = (fixture: string) => {
  const text = fs.readFileSync(path.join(fixtures, `${fixture}.txt`), "utf8")
  const file = path.join(dir, `${fixture}.log`)
  fs.writeFileSync(file, text.slice(text.indexOf("# ---\n") + 6))
  return file
}

const lines = (stdout: string) => stdout.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>)

describe("devserver classify", () => {
  it("prints one JSON line per file with class, severity, tool, rule and hint", async () => {
    const tsc = logFile("tsc-type-error")
    const merge = logFile("git-merge-conflict")
    const result = await runCli(["classify", tsc, merge], env)
    expect(result).toMatchObject({ exitCode: 0, stderr: "" })
    const [first, second] = lines(result.stdout)
    expect(Object.keys(first!)).toEqual(["file", "class", "severity", "tool", "rule", "hint"])
    expect(first).toMatchObject({ file: tsc, class: "type_error", severity: "recoverable", tool: "tsc", rule: "tsc/diagnostic" })
    expect(first!.hint).toContain("src/total.ts")
    expect(second).toMatchObject({ file: merge, class: "vcs_conflict", severity: "hard", tool: "git", rule: "git/merge-conflict" })
  })

  it("reads stdin when no file is given, and says unknown (with a hint) for unrecognised output", async () => {
    const piped = await runCli(["classify"], env, "bash: line 1: bazel: command not found\n")
    expect(lines(piped.stdout)).toEqual([expect.objectContaining({ file: "-", class: "command_not_found", severity: "hard", rule: "shell/command-not-found" })])
    const plain = await runCli(["classify", "-"], env, "all good\n")
    expect(lines(plain.stdout)).toEqual([expect.objectContaining({ file: "-", class: "unknown", tool: null, rule: null })])
    expect(lines(plain.stdout)[0]!.hint).not.toBe("")
  })

  it("a missing file or a directory is one error line, exit 2, and nothing is classified", async () => {
    const tsc = logFile("tsc-type-error")
    const missing = path.join(dir, "nope.log")
    const result = await runCli(["classify", tsc, missing], env)
    expect(result).toEqual({ exitCode: 2, stdout: "", stderr: `error: invalid file: ${missing}: no such file` })
    expect(await runCli(["classify", dir], env)).toEqual({ exitCode: 2, stdout: "", stderr: `error: invalid file: ${dir}: is a directory` })
  })
})
