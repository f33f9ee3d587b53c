/** The shells of this package's features: `devserver serve|token|auth` run as a user runs them. */
import { Effect, Exit, Redacted, Scope } from "effect"
import { execa } from "execa"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freshDatabaseUrl } from "../../core/test/support/TestDatabase.js"

const bin = path.resolve(import.meta.dirname, "../../cli/dist/bin.js")
const scope = Effect.runSync(Scope.make())
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-commands-"))
let env: Record<string, string>

beforeAll(async () => {
  const db = await Effect.runPromise(Scope.extend(freshDatabaseUrl, scope))
  env = { PATH: process.env.PATH ?? "", HOME: dataDir, DEVSERVER_DATA_DIR: dataDir, DATABASE_URL: Redacted.value(db.url), DEVSERVER_PORT: "0" }
})
afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const cli = (args: ReadonlyArray<string>, extra: Record<string, string> = {}, input?: string) =>
  execa(process.execPath, [bin, ...args], { env: { ...env, ...extra }, reject: false, timeout: 60_000, ...(input === undefined ? { stdin: "ignore" as const } : { input }) })

/** Starts `devserver serve`, returns its URL (from its first line) and a stop function. */
const serve = async (extra: Record<string, string>) => {
  const child = execa(process.execPath, [bin, "serve"], { env: { ...env, ...extra }, reject: false })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ""
    child.stdout!.on("data", (d) => {
      out += String(d)
      const match = /at (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1]!)
    })
    void child.then((r) => reject(new Error(`serve exited: ${r.stderr}`)))
  })
  return { url, stop: async () => { child.kill("SIGINT"); await child } }
}

describe("devserver serve, token and auth", () => {
  it("start and serve refuse 0.0.0.0 without a password or token, saying what to do", async () => {
    for (const command of ["serve", "start"]) {
      const result = await cli([command], { DEVSERVER_HOST: "0.0.0.0" })
      expect(result.exitCode).not.toBe(0)
      expect(result.stderr).toMatch(/refusing to listen on 0\.0\.0\.0/)
      expect(result.stderr).toMatch(/DEVSERVER_PASSWORD/)
      expect(result.stderr).toMatch(/devserver auth set-password/)
    }
  })

  it("token create prints a secret once that works as a bearer token; revoke ends it", async () => {
    const created = await cli(["token", "create", "ci"])
    expect(created.exitCode).toBe(0)
    const token = created.stdout.trim()
    expect(token).toMatch(/^dst_\S{20,}$/)
    const listed = await cli(["token", "list", "--json"])
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: "ci", lastUsedAt: null }])
    expect(listed.stdout).not.toContain(token)
    const server = await serve({ DEVSERVER_HOST: "0.0.0.0" })
    try {
      const call = (headers: Record<string, string>) => fetch(`${server.url}trpc/tasks.list?input=%7B%7D`, { headers }).then((r) => r.status)
      expect(await call({})).toBe(401)
      expect(await call({ authorization: `Bearer ${token}` })).toBe(200)
      expect((await cli(["token", "revoke", "ci"])).exitCode).toBe(0)
      expect(await call({ authorization: `Bearer ${token}` })).toBe(401)
    } finally {
      await server.stop()
    }
  })

  it("auth set-password from stdin enables login", async () => {
    const short = await cli(["auth", "set-password", "--stdin"], {}, "short\n")
    expect(short.exitCode).toBe(2)
    expect(short.stderr).toMatch(/at least 8 characters/)
    expect((await cli(["auth", "set-password", "--stdin"], {}, "a long enough password\n")).exitCode).toBe(0)
    const server = await serve({ DEVSERVER_HOST: "0.0.0.0" })
    try {
      const login = (password: string) =>
        fetch(`${server.url}trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password }) })
      expect((await login("wrong password")).status).toBe(401)
      const ok = await login("a long enough password")
      expect(ok.status).toBe(200)
      expect(ok.headers.get("set-cookie")).toMatch(/^devserver_session=dss_.*HttpOnly; SameSite=Strict/)
    } finally {
      await server.stop()
    }
  })
})
