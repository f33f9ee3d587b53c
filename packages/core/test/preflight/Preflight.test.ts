import { afterAll, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Preflight from "../../src/preflight/Preflight.js"
import { forbiddenReason } from "../../src/preflight/ForbiddenFiles.js"
import * as Forge from "../support/Forge.js"
import { lookalikes, positives } from "./SecretCorpus.js"

const root = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-preflight-"))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root }
const AGENT = "agent@devserver.test"

/** A repo with one base commit; `commit` adds files as the agent (or someone else). */
const repo = () => {
  const dir = Forge.checkout(root)
  const base = Forge.run(dir, "rev-parse", "HEAD")
  const commit = (files: Record<string, string | Buffer>, email = AGENT) => {
    for (const [f, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true })
      fs.writeFileSync(path.join(dir, f), content)
    }
    Forge.run(dir, "add", "-A")
    Forge.run(dir, "-c", `user.name=Agent`, "-c", `user.email=${email}`, "commit", "--quiet", "-m", "work", "--author", `Agent <${email}>`)
  }
  return { dir, base, commit }
}

describe("preflight", () => {
  it.effect("a clean change passes, look-alike placeholders included", () =>
    Effect.gen(function*() {
      const r = repo()
      r.commit({ "src/app.ts": "export const x = 1\n", "docs/setup.md": lookalikes().map((s) => s.text).join("\n"), ".env.example": "API_KEY=${API_KEY}\n" })
      const report = yield* Preflight.check({ cwd: r.dir, base: r.base, authorEmail: AGENT }, env)
      expect(report.violations).toEqual([])
      expect(report).toMatchObject({ ok: true, files: 3 })
    }))

  it.effect("every planted secret kind, a PEM key file and a .env file are hard violations; the report never holds a secret", () =>
    Effect.gen(function*() {
      const r = repo()
      const planted = positives()
      r.commit({
        "src/keys.txt": `line one\n${planted.map((s) => s.text).join("\n")}\n`,
        ".env": "SESSION=abc\n",
        "deploy/id_rsa": planted.find((s) => s.kind === "private_key")!.text
      })
      const report = yield* Preflight.check({ cwd: r.dir, base: r.base, authorEmail: AGENT }, env)
      expect(report.ok).toBe(false)
      const kinds = new Set(report.violations.filter((v) => v.rule === "secret").map((v) => v.kind))
      for (const s of planted) expect(kinds, s.name).toContain(s.kind)
      expect(report.violations.filter((v) => v.rule === "forbidden_file").map((v) => v.file).sort()).toEqual([".env", "deploy/id_rsa"])
      const first = report.violations.find((v) => v.rule === "secret" && v.file === "src/keys.txt")
      expect(first?.line).toBe(2)
      const text = JSON.stringify(report)
      for (const s of planted) expect(text).not.toContain(s.text.slice(-24))
    }))

  it.effect("a commit by another author, a file over the limit and files outside the plan are reported; ignore globs skip the scan", () =>
    Effect.gen(function*() {
      const r = repo()
      r.commit({ "src/a.ts": "export const a = 1\n" })
      r.commit({ "src/b.ts": "export const b = 2\n" }, "someone@else.test")
      r.commit({ "assets/big.bin": Buffer.alloc(2048, 1), "fixtures/keys.txt": positives()[0]!.text })
      const report = yield* Preflight.check({
        cwd: r.dir, base: r.base, authorEmail: AGENT, maxFileBytes: 1024, allowList: ["src/", "fixtures/**"], ignoreGlobs: ["fixtures/"]
      }, env)
      expect(report.violations.map((v) => [v.rule, v.file, v.hard])).toEqual([
        ["author", "", true],
        ["file_size", "assets/big.bin", true],
        ["scope", "assets/big.bin", false]
      ])
    }))

  it.effect("a base that does not exist is a typed error", () =>
    Effect.gen(function*() {
      const r = repo()
      const error = yield* Effect.flip(Preflight.check({ cwd: r.dir, base: "0".repeat(40), authorEmail: AGENT }, env))
      expect(error._tag).toBe("PreflightError")
    }))

  it("forbidden file names", () => {
    for (const f of [".env", "config/.env.production", "prod.env", "id_ed25519", "certs/server.key", "store.p12", ".netrc", "gcp/service-account-prod.json"]) {
      expect(forbiddenReason(f), f).toBeDefined()
    }
    for (const f of [".env.example", "config/.env.sample", "id_rsa.pub", "src/environment.ts", "keys.md", "tls/ca.crt"]) expect(forbiddenReason(f), f).toBeUndefined()
  })
})
