/**
 * The classifier's fixtures: real tool output (or, where the tool cannot run here, a hand-written
 * output marked as such) with a header saying how it was made and what it must classify as.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

export const fixtureDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures")

export interface Fixture {
  readonly name: string
  readonly command: string
  readonly expectClass: string
  readonly expectRule: string | null
  readonly handWritten: boolean
  readonly output: string
}

const separator = "# ---\n"

export const parseFixture = (name: string, text: string): Fixture => {
  const at = text.indexOf(separator)
  if (at < 0) throw new Error(`${name}: no '# ---' line after the header`)
  const header = new Map(
    text.slice(0, at).split("\n").filter((line) => line.startsWith("# ")).map((line) => {
      const colon = line.indexOf(":")
      return [line.slice(2, colon).trim(), line.slice(colon + 1).trim()] as const
    })
  )
  const [expectClass, expectRule] = (header.get("expect") ?? "").split(/\s+/)
  const source = header.get("source") ?? ""
  if (!expectClass || !header.get("command") || !source) throw new Error(`${name}: header needs command, expect and source`)
  return {
    name,
    command: header.get("command")!,
    expectClass,
    expectRule: expectRule === undefined || expectRule === "-" ? null : expectRule,
    handWritten: source.startsWith("hand-written"),
    output: text.slice(at + separator.length)
  }
}

export const loadFixtures = (): ReadonlyArray<Fixture> =>
  fs.readdirSync(fixtureDir).filter((file) => file.endsWith(".txt")).sort().map((file) =>
    parseFixture(file.replace(/\.txt$/, ""), fs.readFileSync(path.join(fixtureDir, file), "utf8"))
  )
