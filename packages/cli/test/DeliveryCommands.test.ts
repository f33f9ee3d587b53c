import { Effect, Exit, Scope } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Forge from "../../core/test/support/Forge.js"
import * as ForgeApi from "../../core/test/support/ForgeApi.js"
import * as GitHttp from "../../core/test/support/GitHttp.js"
import { cliFixture } from "./support/CliFixture.js"

const TOKEN = "cli-delivery-forge-token-4b1d"
const f = cliFixture({ GOOD_TOKEN: TOKEN, BAD_TOKEN: "not-the-token" })
const cli = f.cli
const awsKey = `AKIA${"Q7WZ3X5RT2LKPM4N"}`
const ghToken = `ghp_${"aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5"}`

let scope: Scope.CloseableScope
let servers: { git: GitHttp.GitHttp; api: ForgeApi.ForgeApi; forgeDir: string }
beforeAll(async () => {
  scope = Effect.runSync(Scope.make())
  const forgeDir = path.join(f.dataDir(), "forge-host")
  fs.mkdirSync(forgeDir, { recursive: true })
  Forge.make(forgeDir)
  const git = await Effect.runPromise(Scope.extend(GitHttp.serve(forgeDir, TOKEN), scope))
  const api = await Effect.runPromise(Scope.extend(ForgeApi.serve("gitea", { token: TOKEN }), scope))
  servers = { git, api, forgeDir }
})
afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))

describe("delivery commands", () => {
  it("preflight scan: JSON lines without the secret and exit 1 on findings, exit 0 when clean, exit 2 for a missing file", async () => {
    const dirty = await cli(["preflight", "scan"], { input: `const a = 1\naws_key = "${awsKey}"\ntoken: ${ghToken}\npassword = "changeme"\n` })
    expect(dirty.exitCode).toBe(1)
    const lines = dirty.stdout.split("\n").map((l) => JSON.parse(l))
    expect(lines.map((l) => [l.file, l.line, l.kind])).toEqual([["-", 2, "aws_access_key"], ["-", 3, "github_token"]])
    expect(dirty.stdout).not.toContain(awsKey.slice(4))
    expect(dirty.stdout).not.toContain(ghToken.slice(4))

    const clean = await cli(["preflight", "scan"], { input: "API_KEY=${API_KEY}\ntoken: <your-token>\n" })
    expect(clean).toMatchObject({ exitCode: 0, stdout: "" })

    const file = path.join(f.dataDir(), "config.env")
    fs.writeFileSync(file, `BOT_TOKEN=1234567890:AA${"hJ8kL2mN4pQ6rS8tU0vW2xY4zA6bC8dE1"}\n`)
    const files = await cli(["preflight", "scan", file, path.join(f.dataDir(), "missing.txt")])
    expect(files.exitCode).toBe(2)
    expect(files.stderr).toMatch(/missing\.txt: no such file/)
    const one = await cli(["preflight", "scan", file])
    expect(one.exitCode).toBe(1)
    expect(JSON.parse(one.stdout)).toMatchObject({ file, line: 1, kind: "telegram_bot_token", rule: "devserver/TelegramBotToken" })
  })

  it("repo test: every check passes with a good token; a bad one gets a clear message per failure and exit 1", async () => {
    const { git, api } = servers
    const common = ["--provider", "gitea", "--clone-url", `${git.url}/forge.git`, "--api-url", api.url, "--forge-repo", "acme/app"]
    expect((await cli(["repo", "add", "good", ...common, "--token-env", "GOOD_TOKEN"])).exitCode).toBe(0)
    expect((await cli(["repo", "add", "bad", ...common, "--token-env", "BAD_TOKEN"])).exitCode).toBe(0)
    const good = await cli(["repo", "test", "good"])
    expect(good.exitCode).toBe(0)
    expect(good.stdout.split("\n").map((l) => l.slice(0, 4))).toEqual(["ok  ", "ok  ", "ok  ", "ok  "])
    const bad = await cli(["repo", "test", "bad"])
    expect(bad.exitCode).toBe(1)
    expect(bad.stdout).toMatch(/^FAIL clone: the forge rejected the token/m)
    expect(bad.stdout).toMatch(/^FAIL api: the forge rejected the token \(HTTP 401\)/m)
    expect(good.stdout + bad.stdout + good.stderr + bad.stderr).not.toContain(TOKEN)
    expect((await cli(["repo", "test", "nope"])).exitCode).toBe(3)
  })

  it("task patch: none yet is exit 3; the latest series is listed and copied with --out", async () => {
    expect((await cli(["task", "add", "Patch me", "--key", "PT-1"])).exitCode).toBe(0)
    const none = await cli(["task", "patch", "PT-1"])
    expect(none.exitCode).toBe(3)
    expect(none.stderr).toMatch(/no patches for PT-1/)

    const dir = path.join(f.dataDir(), "artifacts", "PT-1", "run-1")
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, "0001-PT-1-Patch-me.patch"), "From 0000 Mon Sep 17 00:00:00 2001\n")
    fs.writeFileSync(path.join(dir, "combined.mbox"), "From 0000 Mon Sep 17 00:00:00 2001\n")
    const [task] = await f.query<{ id: string }>("select id from tasks where key = 'PT-1'")
    const [run] = await f.query<{ id: string }>("insert into runs (task_id, attempt, vendor, status) values ($1, 1, 'command', 'succeeded') returning id", [task!.id])
    for (const [kind, file] of [["patch", "0001-PT-1-Patch-me.patch"], ["mbox", "combined.mbox"]]) {
      await f.query("insert into artifacts (task_id, run_id, kind, path, bytes) values ($1, $2, $3, $4, 36)", [task!.id, run!.id, kind, path.join(dir, file!)])
    }
    await f.query("insert into events (task_id, run_id, type, payload) values ($1, $2, 'patches_generated', $3)", [task!.id, run!.id, JSON.stringify({ type: "patches_generated", count: 1, insertions: 4, deletions: 1 })])
    const listed = await cli(["task", "patch", "PT-1"])
    expect(listed.exitCode).toBe(0)
    expect(listed.stdout.split("\n")[0]).toBe(`1 commit(s), +4 -1 (run ${run!.id})`)
    const out = path.join(f.dataDir(), "out")
    const copied = await cli(["task", "patch", "PT-1", "--out", out, "--json"])
    expect(copied.exitCode).toBe(0)
    expect(JSON.parse(copied.stdout).mbox).toBe(path.join(out, "combined.mbox"))
    expect(fs.readdirSync(out).sort()).toEqual(["0001-PT-1-Patch-me.patch", "combined.mbox"])
  })
})
