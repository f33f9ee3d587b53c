import { Effect, Exit, Redacted, Scope } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freshDatabaseUrl } from "../../core/test/support/TestDatabase.js"
import { runCli } from "./support/runCli.js"

const TOKEN = "gto_0123456789abcdefSECRETtoken"

let scope: Scope.CloseableScope
let env: Record<string, string>
const cli = (args: ReadonlyArray<string>, input?: string) => runCli(args, env, input)

beforeAll(async () => {
  scope = Effect.runSync(Scope.make())
  const { url } = await Effect.runPromise(Scope.extend(freshDatabaseUrl, scope))
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-cli-"))
  env = {
    PATH: process.env.PATH ?? "",
    HOME: dataDir,
    DATABASE_URL: Redacted.value(url),
    DEVSERVER_DATA_DIR: dataDir,
    MY_FORGE_TOKEN: TOKEN
  }
  const migrated = await cli(["migrate"])
  expect(migrated.stdout).toMatch(/schema version \d+/)
})

afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))

/** A fingerprint of everything stored, read straight from the database. */
const snapshot = async () => {
  const client = new pg.Client({ connectionString: env.DATABASE_URL })
  await client.connect()
  try {
    const rows = await client.query(`select (select json_agg(t order by id) from tasks t) as tasks,
      (select json_agg(r order by id) from repos r) as repos, (select count(*) from events) as events`)
    return JSON.stringify(rows.rows[0])
  } finally {
    await client.end()
  }
}

describe("devserver CLI", () => {
  it("migrate re-runs as a no-op", async () => {
    const again = await cli(["migrate"])
    expect(again.exitCode).toBe(0)
    expect(again.stdout).toMatch(/^schema version \d+ \(up to date\)$/)
  })

  it("never prints a repo's token, in text or JSON", async () => {
    expect((await cli(["repo", "add", "forge-a", "--provider", "gitea", "--clone-url", "https://git.example/a.git", "--token-env", "MY_FORGE_TOKEN"])).exitCode).toBe(0)
    const viaStdin = await cli(["repo", "add", "forge-b", "--provider", "github", "--clone-url", "https://github.com/acme/b.git", "--token-stdin"], `${TOKEN}\n`)
    expect(viaStdin.exitCode).toBe(0)
    for (const args of [["repo", "list"], ["repo", "list", "--json"], ["repo", "show", "forge-a"], ["repo", "show", "forge-b", "--json"]]) {
      const out = await cli(args)
      expect(out.exitCode).toBe(0)
      expect(out.stdout + out.stderr).not.toContain(TOKEN)
    }
    const shown = JSON.parse((await cli(["repo", "show", "forge-b", "--json"])).stdout)
    expect(shown.hasToken).toBe(true)
    expect((await cli(["repo", "show", "forge-a"])).stdout).toContain("set (encrypted)")
  })

  it("adds, lists and shows tasks", async () => {
    const added = await cli(["task", "add", "Fix the flaky test", "--repo", "forge-a", "--priority", "1", "--label", "tests", "--json"])
    expect(added.exitCode).toBe(0)
    const task = JSON.parse(added.stdout)
    expect(task.key).toMatch(/^FORGEA-\d+$/)
    expect(task.status).toBe("pending")
    const listed = JSON.parse((await cli(["task", "list", "--repo", "forge-a", "--json"])).stdout)
    expect(listed.map((t: { key: string }) => t.key)).toContain(task.key)
    const shown = await cli(["task", "show", task.key])
    expect(shown.stdout).toMatch(/priority:\s+1/)
    expect(shown.stdout).toMatch(/max turns:\s+unlimited/)
    const table = await cli(["task", "list"])
    expect(table.stdout.split("\n")[0]).toMatch(/^KEY\s+STATUS\s+PRI\s+REPO\s+TITLE$/)
  })

  it.each([
    [["task", "add", "x", "--repo", "no-such-repo"], 3, "error: repo not found: no-such-repo"],
    [["task", "add", "x", "--key", "../etc"], 2, "error: invalid key:"],
    [["task", "add", "x", "--key", "a;rm -rf /"], 2, "error: invalid key:"],
    [["task", "add", "x", "--priority", "high"], 2, "error:"],
    [["task", "add", "x", "--priority", "7"], 2, "error: invalid priority"],
    [["task", "add", "x", "--frobnicate"], 2, "error:"],
    [["task", "add"], 2, "error:"],
    [["task", "show", "NOPE-1"], 3, "error: task not found: NOPE-1"],
    [["repo", "add", "Bad Name", "--provider", "gitea", "--clone-url", "https://x/y.git"], 2, "error: invalid name"],
    [["repo", "add", "leaky", "--provider", "gitea", "--clone-url", `https://me:${TOKEN}@x/y.git`], 2, "error: invalid cloneUrl"],
    [["repo", "add", "forge-a", "--provider", "gitea", "--clone-url", "https://x/y.git"], 4, "error: repo already exists: forge-a"]
  ])("refuses %j with exit %i and one line, writing nothing", async (args, code, message) => {
    const before = await snapshot()
    const result = await cli(args)
    expect(result.exitCode).toBe(code)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr.trim().startsWith(message)).toBe(true)
    expect(result.stderr).not.toContain(TOKEN)
    expect(await snapshot()).toBe(before)
  })

  it("an unreachable DATABASE_URL exits 5 with one line that names the cause, not the password", async () => {
    const result = await runCli(["task", "list"], { ...env, DATABASE_URL: "postgresql://bob:hunter2secret@127.0.0.1:1/db" })
    expect(result.exitCode).toBe(5)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain("ECONNREFUSED")
    expect(result.stderr + result.stdout).not.toContain("hunter2secret")
  })
})
