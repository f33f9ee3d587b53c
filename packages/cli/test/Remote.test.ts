/**
 * Remote mode: `devserver serve` runs on the test database, listening beyond loopback (so an API token
 * is required), and the built CLI drives it with `--server URL` and `DEVSERVER_TOKEN`, with no
 * database of its own (a DATABASE_URL that leads nowhere proves it never opens one).
 */
import { Task } from "@devserver/core/domain/Task"
import { execa } from "execa"
import * as net from "node:net"
import * as path from "node:path"
import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { cliFixture } from "./support/CliFixture.js"
import { runCli } from "./support/runCli.js"

const bin = path.resolve(import.meta.dirname, "../dist/bin.js")
const fixture = cliFixture()

/** A port nothing listens on (taken, then released). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

/** Task JSON as printed (dates as ISO text) decoded with the domain Schema. */
const TaskJson = Schema.Array(Schema.Struct({
  ...Task.fields,
  ...Object.fromEntries(["leaseExpiresAt", "heartbeatAt", "runAfter", "enqueuedAt"].map((f) => [f, Schema.NullOr(Schema.Date)])),
  createdAt: Schema.Date,
  updatedAt: Schema.Date
}))

/** `devserver serve` on the fixture's database; beyond loopback every call needs a token (on 127.0.0.1 the server trusts its own machine). */
const startServe = () =>
  execa(process.execPath, [bin, "serve"], {
    env: { ...fixture.env(), DEVSERVER_HOST: "0.0.0.0", DEVSERVER_PORT: "0" },
    extendEnv: false,
    all: true,
    reject: false,
    stdin: "ignore"
  })

describe("devserver --server URL (remote mode)", () => {
  let serve: ReturnType<typeof startServe> | undefined
  let url = ""
  let token = ""
  // Whatever this machine has, the remote CLI must not use it: no data folder, a database that is not there.
  const remoteEnv = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? "",
    HOME: fixture.dataDir(),
    DATABASE_URL: "postgresql://nobody@127.0.0.1:1/nowhere",
    DEVSERVER_TOKEN: token,
    ...extra
  })
  const remote = (args: ReadonlyArray<string>, extra: Record<string, string> = {}) => runCli(["--server", url, ...args], remoteEnv(extra))

  beforeAll(async () => {
    const created = await fixture.cli(["token", "create", "remote-test"])
    expect(created.exitCode).toBe(0)
    token = created.stdout.trim()
    serve = startServe()
    let output = ""
    url = await new Promise<string>((resolve, reject) => {
      serve!.all.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8")
        const found = /API at (http:\/\/\S+)/.exec(output)
        if (found) resolve(found[1]!)
      })
      void serve!.then(() => reject(new Error(`devserver serve ended before it was ready:\n${output}`)))
    })
  }, 120_000)

  afterAll(async () => {
    serve?.kill("SIGTERM")
    await serve
  })

  it("adds, lists, shows and moves a task on the server, printing what the local CLI prints", async () => {
    const added = await remote(["task", "add", "Remote work", "--key", "REM-1", "--priority", "2", "--json"])
    expect(added.stderr).toBe("")
    expect(added.exitCode).toBe(0)
    expect(JSON.parse(added.stdout)).toMatchObject({ key: "REM-1", title: "Remote work", status: "pending", priority: 2 })
    expect(await fixture.query("select key, status from tasks where key = 'REM-1'")).toEqual([{ key: "REM-1", status: "pending" }])

    const listed = await remote(["task", "list", "--json"])
    expect(listed.exitCode).toBe(0)
    const tasks = Schema.decodeUnknownSync(TaskJson)(JSON.parse(listed.stdout))
    expect(tasks.map((t) => t.key)).toContain("REM-1")
    const local = await fixture.cli(["task", "list", "--json"])
    expect(listed.stdout).toBe(local.stdout)

    const table = await remote(["task", "list"])
    expect(table.stdout).toMatch(/^KEY\s+STATUS\s+PRI\s+REPO\s+UPDATED\s+TITLE\nREM-1\s+pending\s+2\s+-\s+\d+s ago\s+Remote work/m)

    const shown = await remote(["task", "show", "REM-1"])
    expect(shown.exitCode).toBe(0)
    expect(shown.stdout).toMatch(/status:\s+pending/)
    expect(shown.stdout).toContain("devserver task enqueue REM-1")

    expect((await remote(["task", "enqueue", "REM-1"])).stdout).toContain("queued REM-1")
    // Live events over the API: --follow prints the history, then the cancel as it happens, and ends.
    const following = execa(process.execPath, [bin, "--server", url, "task", "logs", "REM-1", "--follow"], {
      env: remoteEnv(),
      extendEnv: false,
      reject: false,
      stdin: "ignore"
    })
    await new Promise<void>((resolve) => {
      let seen = ""
      following.stdout!.on("data", (chunk: Buffer) => (seen += chunk.toString("utf8")).includes("to=queued") && resolve())
    })
    await new Promise((resolve) => setTimeout(resolve, 2000)) // let it subscribe (either way it must end with the outcome)
    expect((await remote(["task", "cancel", "REM-1"])).exitCode).toBe(0)
    const followed = await following
    expect(followed.exitCode).toBe(11)
    expect(followed.stdout).toMatch(/status_changed from=queued to=cancelled/)
    expect(await fixture.query("select status from tasks where key = 'REM-1'")).toEqual([{ status: "cancelled" }])
    expect((await remote(["task", "retry", "REM-1"])).stdout).toContain("queued REM-1 (queued)")
    expect((await remote(["task", "cancel", "REM-1"])).exitCode).toBe(0)
    const logs = await remote(["task", "logs", "REM-1"])
    expect(logs.stdout).toMatch(/status_changed from=pending to=queued/)
    // --follow ends by itself on a task that already waits for a person (cancelled: exit 11).
    expect((await remote(["task", "logs", "REM-1", "--follow"])).exitCode).toBe(11)
    expect((await remote(["task", "archive", "REM-1"])).stdout).toContain("archived REM-1")
  }, 120_000)

  it("reads and changes settings, repos, stats, templates, ideas and schedules", async () => {
    const set = await remote(["settings", "set", "maxConcurrency", "3"])
    expect(set.exitCode).toBe(0)
    expect((await remote(["settings", "get", "maxConcurrency"])).stdout.trim()).toBe("3")
    expect((await fixture.cli(["settings", "get", "maxConcurrency"])).stdout.trim()).toBe("3")
    expect((await remote(["repo", "list", "--json"])).stdout).toBe((await fixture.cli(["repo", "list", "--json"])).stdout)
    const stats = await remote(["stats", "--json", "--days", "30"])
    expect(JSON.parse(stats.stdout)).toMatchObject({ days: 30 })

    const template = await remote(["template", "add", "nightly-lint", "--title", "Lint everything", "--json"])
    expect(template.exitCode).toBe(0)
    const id = String(JSON.parse(template.stdout).id)
    expect((await remote(["template", "show", id, "--json"])).stdout).toBe((await fixture.cli(["template", "show", id, "--json"])).stdout)
    expect((await remote(["template", "list"])).stdout).toMatch(/^\d+\s+nightly-lint\s+-\s+\d+s ago\s+Lint everything$/m)

    const idea = JSON.parse((await remote(["idea", "add", "Faster builds", "--json"])).stdout)
    expect(await fixture.query("select title from ideas where id = $1", [idea.id])).toEqual([{ title: "Faster builds" }])
    expect((await remote(["idea", "show", String(idea.id)])).stdout).toMatch(/^title:\s+Faster builds$/m)
    expect((await remote(["idea", "list", "--json"])).stdout).toBe((await fixture.cli(["idea", "list", "--json"])).stdout)
    expect((await remote(["schedule", "list", "--json"])).stdout).toBe((await fixture.cli(["schedule", "list", "--json"])).stdout)
  }, 120_000)

  it("answers each failure with one line and its exit code, never printing the token", async () => {
    const missing = await remote(["task", "show", "NOPE-1"])
    expect([missing.exitCode, missing.stderr]).toEqual([3, "error: task not found: NOPE-1"])
    // A refusal by the server reads and exits as the same refusal here: no plan awaits approval (4).
    const approvedHere = await fixture.cli(["task", "approve", "REM-1"])
    expect(approvedHere.exitCode).toBe(4)
    expect(await remote(["task", "approve", "REM-1"])).toMatchObject({ exitCode: 4, stderr: approvedHere.stderr })

    const before = await fixture.snapshot()
    const wrongToken = `${token.slice(0, -4)}XXXX`
    const wrong = await remote(["task", "add", "Should not exist"], { DEVSERVER_TOKEN: wrongToken })
    expect(wrong.exitCode).toBe(8)
    expect(wrong.stderr.split("\n")).toHaveLength(1)
    expect(wrong.stderr).toMatch(/^error: the DevServer at http:\/\/\S+ refused the API token/)
    expect(wrong.stderr + wrong.stdout).not.toContain(wrongToken.slice(8))
    expect(wrong.stderr + wrong.stdout).not.toContain(token.slice(8))

    const none = await remote(["task", "list"], { DEVSERVER_TOKEN: "" })
    expect([none.exitCode, none.stderr]).toEqual([8, expect.stringMatching(/^error: .* needs an API token: set DEVSERVER_TOKEN/)])

    // --token-env names the variable; an unset one is refused before anything is sent.
    const named = await remote(["--token-env", "MY_DEVSERVER_TOKEN", "task", "list"], { DEVSERVER_TOKEN: "", MY_DEVSERVER_TOKEN: token })
    expect(named.exitCode).toBe(0)
    const unset = await remote(["--token-env", "NOT_SET_ANYWHERE", "task", "list"])
    expect([unset.exitCode, unset.stderr]).toEqual([2, "error: invalid tokenEnv: --token-env names NOT_SET_ANYWHERE, which is not set"])

    const port = await closedPort()
    const down = await runCli(["--server", `http://127.0.0.1:${port}`, "task", "list"], remoteEnv())
    expect([down.exitCode, down.stderr]).toEqual([7, `error: cannot reach a DevServer at http://127.0.0.1:${port}/: nothing listens there (connection refused)`])

    const badUrl = await runCli(["task", "list", "--server", "ftp://host"], remoteEnv())
    expect([badUrl.exitCode, badUrl.stderr]).toEqual([2, "error: --server must start with http:// or https:// (it starts with ftp://)"])
    const badEnv = await runCli(["task", "list"], remoteEnv({ DEVSERVER_SERVER: "not a url" }))
    expect(badEnv.exitCode).toBe(6)
    expect(badEnv.stderr).toMatch(/^error: DEVSERVER_SERVER is not a URL/)

    const localOnly = [["start"], ["worker"], ["migrate"], ["backup", "x.tar"], ["doctor"], ["repo", "add", "x", "--provider", "local"]]
    for (const command of localOnly) {
      const refused = await runCli(command, remoteEnv({ DEVSERVER_SERVER: url }))
      const name = command.slice(0, command[0] === "repo" ? 2 : 1).join(" ")
      expect([refused.exitCode, refused.stderr]).toEqual([
        2,
        `error: 'devserver ${name}' works only on the machine with the database, not against a remote DevServer (drop --server / unset DEVSERVER_SERVER)`
      ])
    }
    expect(await fixture.snapshot()).toBe(before)
  }, 120_000)
})
