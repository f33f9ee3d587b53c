import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { cliFixture } from "./support/CliFixture.js"
import { runCli } from "./support/runCli.js"

const TOKEN = "gto_0123456789abcdefSECRETtoken"
const f = cliFixture({ MY_FORGE_TOKEN: TOKEN })
const cli = f.cli

/** A git checkout on `branch` with one commit, inside the test's data folder. */
const checkout = (name: string, branch: string) => {
  const dir = path.join(f.dataDir(), name)
  fs.mkdirSync(dir, { recursive: true })
  const git = (...args: Array<string>) => execFileSync("git", args, { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: f.dataDir() } })
  git("init", "-q", "-b", branch)
  fs.writeFileSync(path.join(dir, "README.md"), "hello\n")
  git("add", ".")
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first")
  return dir
}

describe("devserver CLI", () => {
  it("migrate re-runs as a no-op", async () => {
    const again = await cli(["migrate"])
    expect(again.exitCode).toBe(0)
    expect(again.stdout).toMatch(/^schema version \d+ \(up to date\)$/)
  })

  it("never prints a repo's token, in text or JSON", async () => {
    expect((await cli(["repo", "add", "forge-a", "--provider", "gitea", "--clone-url", "https://git.example/acme/a.git", "--token-env", "MY_FORGE_TOKEN"])).exitCode).toBe(0)
    const viaStdin = await cli(["repo", "add", "forge-b", "--provider", "github", "--clone-url", "https://github.com/acme/b.git", "--token-stdin"], { input: `${TOKEN}\n` })
    expect(viaStdin.exitCode).toBe(0)
    for (const args of [["repo", "list"], ["repo", "list", "--json"], ["repo", "show", "forge-a"], ["repo", "show", "forge-b", "--json"]]) {
      const out = await cli(args)
      expect(out.exitCode).toBe(0)
      expect(out.stdout + out.stderr).not.toContain(TOKEN)
    }
    const shown = JSON.parse((await cli(["repo", "show", "forge-b", "--json"])).stdout)
    expect(shown).toMatchObject({ hasToken: true, forgeRepo: "acme/b" })
    expect((await cli(["repo", "show", "forge-a"])).stdout).toContain("set (encrypted)")
  })

  it("a local repo keeps its checkout's branch and its tasks deliver a patch", async () => {
    const dir = checkout("legacy", "master")
    const added = await cli(["repo", "add", "legacy", "--provider", "local", "--path", dir])
    expect(added).toMatchObject({ exitCode: 0, stdout: "added repo legacy (local, branch master)" })
    const task = JSON.parse((await cli(["task", "add", "Tidy up", "--repo", "legacy", "--json"])).stdout)
    expect(task.gitFlow).toBe("patch")
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
    expect(shown.stdout).toMatch(new RegExp(`next:\\s+devserver task enqueue ${task.key}`))
    const table = await cli(["task", "list"], { env: { COLUMNS: "80" } })
    const lines = table.stdout.split("\n")
    expect(lines[0]).toMatch(/^KEY\s+STATUS\s+PRI\s+REPO\s+UPDATED\s+TITLE$/)
    expect(lines.find((l) => l.startsWith(task.key))).toMatch(/pending\s+1\s+forge-a\s+\d+s ago\s+Fix the flaky test/)
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80)
  })

  // Each bad input: one line on stderr, the documented exit code, and nothing stored changes.
  it.each([
    [["task", "add", "x", "--repo", "no-such-repo"], 3, "error: repo not found: no-such-repo"],
    [["task", "add", "x", "--key", "../etc"], 2, "error: invalid key:"],
    [["task", "add", "x", "--key", "a;rm -rf /"], 2, "error: invalid key:"],
    [["task", "add", "x", "--priority", "high"], 2, "error:"],
    [["task", "add", "x", "--priority", "7"], 2, "error: invalid priority"],
    [["task", "add", "x", "--frobnicate"], 2, "error:"],
    [["task", "add"], 2, "error:"],
    [["task", "add", "x", "--vendor", "bogus"], 2, "error: invalid vendor: unknown vendor 'bogus' (known: anthropic, glm, google, openai, command)"],
    [["task", "add", "x", "--backup-vendor", "bogus"], 2, "error: invalid backupVendor: unknown vendor 'bogus'"],
    [["task", "add", "x", "--repo", "legacy", "--flow", "pr"], 2, "error: invalid flow: legacy is a local repo, which is never pushed"],
    [["task", "show", "NOPE-1"], 3, "error: task not found: NOPE-1"],
    [["task", "frob"], 2, "error: unknown command 'frob' for 'devserver task' (try: add, list, show,"],
    [["frob"], 2, "error: unknown command 'frob' for 'devserver' (try: start,"],
    [["task", "done", "NOPE-1"], 3, "error: task not found: NOPE-1"],
    [["repo", "add", "Bad Name", "--provider", "gitea", "--clone-url", "https://x/o/y.git"], 2, "error: invalid name"],
    [["repo", "add", "leaky", "--provider", "gitea", "--clone-url", `https://me:${TOKEN}@x/o/y.git`], 2, "error: invalid cloneUrl"],
    [["repo", "add", "forge-a", "--provider", "gitea", "--clone-url", "https://x/o/y.git"], 4, "error: repo already exists: forge-a"],
    [["repo", "add", "r1", "--provider", "gitea", "--clone-url", "https://x/o/y.git", "--token-env", "NOT_SET_ANYWHERE"], 2, "error: invalid token: --token-env names NOT_SET_ANYWHERE, which is not set"],
    [["repo", "add", "r2", "--provider", "gitea", "--clone-url", "ssh://x/y"], 2, "error: invalid forgeRepo: a gitea repo needs --forge-repo OWNER/NAME"],
    [["repo", "add", "r3", "--provider", "local", "--path", "/", "--parallelism", "3"], 2, "error: invalid parallelism: a local repo runs one task at a time"],
    [["repo", "add", "r4", "--provider", "local", "--path", "/proc"], 2, "error: invalid localPath: /proc is not a git checkout"],
    [["repo", "add", "r5", "--provider", "local", "--path", "relative/dir"], 2, "error: invalid localPath: a local repo needs an absolute path"],
    [["repo", "add", "r6", "--provider", "gitea", "--clone-url", "https://x/o/y.git", "--vendor", "bogus"], 2, "error: invalid vendor: unknown vendor 'bogus'"],
    [["worker", "--concurrency", "-1"], 2, "error: --concurrency must be between 1 and 64 (got -1)"],
    [["start", "--concurrency", "0"], 2, "error: --concurrency must be between 1 and 64 (got 0)"],
    [["settings", "set", "maxConcurrency", "0"], 2, "error: invalid maxConcurrency"],
    [["settings", "set", "noSuchSetting", "1"], 2, "error: invalid key: unknown setting 'noSuchSetting'"],
    [["settings", "get", "noSuchSetting"], 3, "error: setting not found: noSuchSetting"],
    [["schedule", "add", "nightly", "--when", "@daily"], 2, "error: invalid target: give exactly one of --task KEY or --template ID"],
    [["schedule", "add", "nightly", "--when", "@daily", "--task", "NOPE-1"], 3, "error: task not found: NOPE-1"],
    [["schedule", "remove", "999"], 3, "error: schedule not found: 999"],
    [["template", "show", "999"], 3, "error: template not found: 999"],
    [["idea", "add", "child", "--parent", "999"], 3, "error: idea not found: 999"]
  ])("refuses %j with exit %i and one line, writing nothing", async (args, code, message) => {
    const before = await f.snapshot()
    const result = await cli(args)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr.trim()).toContain(message)
    expect(result.stderr.trim().startsWith(message.slice(0, 20))).toBe(true)
    expect(result.exitCode).toBe(code)
    expect(result.stderr).not.toContain(TOKEN)
    expect(await f.snapshot()).toBe(before)
  })

  it("a second repo on the same local checkout is refused (exit 4)", async () => {
    const before = await f.snapshot()
    const again = await cli(["repo", "add", "legacy-two", "--provider", "local", "--path", path.join(f.dataDir(), "legacy", ".")])
    expect(again.exitCode).toBe(4)
    expect(again.stderr).toMatch(/^error: repo already exists: legacy \(already uses .*legacy\)$/)
    expect(await f.snapshot()).toBe(before)
  })

  it.each([
    [{ DATABASE_URL: "not-a-url" }, 6, "error: DATABASE_URL is not a URL; expected postgresql://"],
    [{ DATABASE_URL: "mysql://db/x" }, 6, "error: DATABASE_URL must start with postgresql://"],
    [{ DEVSERVER_SECRET_KEY: "too-short" }, 6, "error: DEVSERVER_SECRET_KEY must be 32 random bytes, base64-encoded"]
  ])("bad configuration %j exits %i with one line", async (env, code, message) => {
    const result = await runCli(["task", "list"], { ...f.env(), ...env })
    expect(result.exitCode).toBe(code)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr.startsWith(message)).toBe(true)
  })

  it("an unreachable DATABASE_URL exits 5 with one line that names the cause, not the password", async () => {
    const result = await runCli(["task", "list"], { ...f.env(), DATABASE_URL: "postgresql://bob:hunter2secret@127.0.0.1:1/db" })
    expect(result.exitCode).toBe(5)
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain("ECONNREFUSED")
    expect(result.stderr + result.stdout).not.toContain("hunter2secret")
  })
})
