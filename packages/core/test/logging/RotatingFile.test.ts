import { afterAll, assert, describe, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import * as RotatingFile from "../../src/logging/RotatingFile.js"
import * as TempDir from "../support/TempDir.js"

const dir = TempDir.make("devserver-rotate-")
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe("RotatingFile", () => {
  it("rotates when the next line would pass the size limit and keeps only the newest N rotated files", () => {
    const file = path.join(dir, "logs", "devserver.log")
    const log = RotatingFile.make({ file, maxBytes: 100, maxFiles: 2 })
    // 10 lines of 40 bytes: 2 fit in 100 bytes, so every third line starts a new file.
    for (let i = 0; i < 10; i++) log.append(`line ${String(i).padStart(2, "0")} ${"x".repeat(31)}\n`)
    const names = fs.readdirSync(path.dirname(file)).sort()
    assert.deepStrictEqual(names, ["devserver.log", "devserver.log.1", "devserver.log.2"])
    const first = (name: string) => fs.readFileSync(path.join(path.dirname(file), name), "utf8").split("\n").filter((l) => l !== "").map((l) => l.slice(0, 7))
    assert.deepStrictEqual(first("devserver.log"), ["line 08", "line 09"])
    assert.deepStrictEqual(first("devserver.log.1"), ["line 06", "line 07"])
    assert.deepStrictEqual(first("devserver.log.2"), ["line 04", "line 05"])
    for (const name of names) assert.isAtMost(fs.statSync(path.join(path.dirname(file), name)).size, 100)
  })

  it("writes a line longer than the limit whole, and recreates a folder removed while it runs", () => {
    const file = path.join(dir, "long", "app.log")
    const log = RotatingFile.make({ file, maxBytes: 10, maxFiles: 1 })
    log.append("short\n")
    log.append(`${"y".repeat(50)}\n`)
    assert.strictEqual(fs.readFileSync(file, "utf8"), `${"y".repeat(50)}\n`)
    assert.strictEqual(fs.readFileSync(`${file}.1`, "utf8"), "short\n")
    // The folder disappears (someone cleaned up): the next line recreates it.
    fs.rmSync(path.dirname(file), { recursive: true, force: true })
    log.append("after cleanup\n")
    log.append("again\n")
    assert.strictEqual(fs.readFileSync(file, "utf8"), "again\n")
    assert.strictEqual(fs.readFileSync(`${file}.1`, "utf8"), "after cleanup\n")
  })
})
