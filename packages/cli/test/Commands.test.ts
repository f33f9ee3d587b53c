import { Idea } from "@devserver/core/domain/Idea"
import { Schedule } from "@devserver/core/domain/Schedule"
import { Task } from "@devserver/core/domain/Task"
import { Template } from "@devserver/core/domain/Template"
import { Schema } from "effect"
import * as fs from "node:fs"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { cliFixture } from "./support/CliFixture.js"

const f = cliFixture()
const cli = f.cli

/** JSON output decoded with the domain Schema (ISO date strings revived as dates first). */
const decodeJson = <A, I>(schema: Schema.Schema<A, I>, text: string): A =>
  Schema.decodeUnknownSync(schema)(JSON.parse(text, (_, v) => (typeof v === "string" && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(v) ? new Date(v) : v)))

const SettingEntry = Schema.Struct({ key: Schema.String, value: Schema.Unknown, isDefault: Schema.Boolean, description: Schema.String })
const CheckJson = Schema.Struct({ name: Schema.String, ok: Schema.Boolean, required: Schema.Boolean, detail: Schema.String, fix: Schema.NullOr(Schema.String) })

/** Moves a task's status straight in the database (the worker's part, without running an agent). */
const moveTo = (key: string, status: string) => f.query("update tasks set status = $2 where key = $1", [key, status])

describe("task actions", () => {
  it("done, reject, continue and retry move a task and show the next command; wrong statuses exit 4", { timeout: 300_000 }, async () => {
    const key = JSON.parse((await cli(["task", "add", "Review me", "--json"])).stdout).key as string
    const early = await cli(["task", "done", key])
    expect(early).toMatchObject({ exitCode: 4, stderr: `error: cannot done ${key}: it is pending; done works on a task that is review` })
    await moveTo(key, "review")
    const shown = await cli(["task", "show", key])
    expect(shown.stdout).toContain(`devserver task done ${key}`)
    expect(shown.stdout).toContain(`devserver task reject ${key} --reason`)
    expect(await cli(["task", "reject", key, "--reason", "wrong file"])).toMatchObject({ exitCode: 0, stdout: `rejected ${key} (failed)` })
    expect((await cli(["task", "show", key])).stdout).toMatch(new RegExp(`next:\\s+devserver task logs ${key}\\n\\s+devserver task retry ${key}`))
    expect(await cli(["task", "retry", key])).toMatchObject({ exitCode: 0, stdout: `queued ${key} (queued)` })
    await moveTo(key, "review")
    expect(await cli(["task", "continue", key, "--note", "add docs"])).toMatchObject({ exitCode: 0, stdout: `continued ${key} (queued)` })
    await moveTo(key, "review")
    expect(await cli(["task", "done", key])).toMatchObject({ exitCode: 0, stdout: `accepted ${key} (done)` })
    const logs = (await cli(["task", "logs", key])).stdout
    expect(logs).toMatch(/status_changed from=review to=failed reason=rejected by cli:\S+: wrong file/)
    expect(logs).toMatch(/status_changed from=review to=queued reason=continued by cli:\S+: add docs/)
  })

  it("archive hides a task from task list until unarchive; --all shows it", { timeout: 300_000 }, async () => {
    const key = JSON.parse((await cli(["task", "add", "Old one", "--json"])).stdout).key as string
    expect((await cli(["task", "archive", key])).exitCode).toBe(0)
    const keys = async (args: Array<string>) => (JSON.parse((await cli(["task", "list", "--json", ...args])).stdout) as Array<{ key: string }>).map((t) => t.key)
    expect(await keys([])).not.toContain(key)
    expect(await keys(["--all"])).toContain(key)
    expect((await cli(["task", "unarchive", key])).exitCode).toBe(0)
    expect(await keys([])).toContain(key)
  })

  it("task logs --follow of a task waiting for a person ends with the outcome's exit code", { timeout: 300_000 }, async () => {
    const key = JSON.parse((await cli(["task", "add", "Follow me", "--json"])).stdout).key as string
    await moveTo(key, "failed")
    expect((await cli(["task", "logs", key, "--follow"])).exitCode).toBe(1)
    await moveTo(key, "blocked")
    expect((await cli(["task", "logs", key, "--follow"])).exitCode).toBe(10)
    await moveTo(key, "review")
    expect((await cli(["task", "logs", key, "--follow"])).exitCode).toBe(0)
  })
})

describe("listings", () => {
  it("settings, templates, ideas and schedules: text tables and --json that matches the domain Schemas", { timeout: 300_000 }, async () => {
    expect(await cli(["settings", "set", "maxConcurrency", "4"])).toMatchObject({ exitCode: 0, stdout: "maxConcurrency = 4 (applies to running workers without a restart)" })
    expect((await cli(["settings", "get", "maxConcurrency"])).stdout).toBe("4")
    const settings = decodeJson(Schema.Array(SettingEntry), (await cli(["settings", "list", "--json"])).stdout)
    expect(settings.find((s) => s.key === "maxConcurrency")).toMatchObject({ value: 4, isDefault: false })
    expect((await cli(["settings", "list"])).stdout).toMatch(/^maxConcurrency\s+4\s+set\s+/m)

    const template = decodeJson(Template, (await cli(["template", "add", "Nightly deps", "--description", "Bump", "--label", "deps", "--json"])).stdout)
    expect(template.settings.labels).toEqual(["deps"])
    expect(decodeJson(Schema.Array(Template), (await cli(["template", "list", "--json"])).stdout).map((t) => t.name)).toContain("Nightly deps")
    expect((await cli(["template", "show", String(template.id)])).stdout).toMatch(/labels:\s+deps/)

    const folder = decodeJson(Idea, (await cli(["idea", "add", "Platform", "--folder", "--json"])).stdout)
    await cli(["idea", "add", "Faster CI", "--parent", String(folder.id)])
    expect(decodeJson(Schema.Array(Idea), (await cli(["idea", "list", "--json"])).stdout)).toHaveLength(2)
    expect((await cli(["idea", "list"])).stdout).toMatch(/\n\d+\s+open\s+\S+ ago\s+ {2}Faster CI/)

    const key = JSON.parse((await cli(["task", "add", "Scheduled", "--json"])).stdout).key as string
    const schedule = decodeJson(Schedule, (await cli(["schedule", "add", "often", "--when", "every 30m", "--task", key, "--json"])).stdout)
    expect((await cli(["schedule", "list"])).stdout).toMatch(new RegExp(`often\\s+every 30m\\s+in \\d+m\\s+-\\s+task ${key}`))
    expect(await cli(["schedule", "run", String(schedule.id)])).toMatchObject({ exitCode: 0, stdout: `schedule ${schedule.id} fired: ${key} queued` })
    expect(decodeJson(Task, (await cli(["task", "show", key, "--json"])).stdout).status).toBe("queued")
    expect((await cli(["schedule", "remove", String(schedule.id)])).stdout).toBe(`removed schedule ${schedule.id}`)
    expect(decodeJson(Schema.Array(Schedule), (await cli(["schedule", "list", "--json"])).stdout)).toHaveLength(0)
    expect(decodeJson(Schema.Array(Task), (await cli(["task", "list", "--json"])).stdout).length).toBeGreaterThan(0)
  })
})

describe("help", () => {
  /** Every command path with its help run, from the root's help down. */
  const commands = async (prefix: Array<string> = []): Promise<Array<[Array<string>, Awaited<ReturnType<typeof cli>>]>> => {
    const result = await cli([...prefix, "--help"])
    const section = result.stdout.split("\nCommands:\n")[1]?.split("\n\n")[0] ?? ""
    const names = section.split("\n").flatMap((l) => /^ {2}(\S+)/.exec(l)?.[1] ?? [])
    const below = []
    for (const n of names) below.push(...(await commands([...prefix, n])))
    return [[prefix, result], ...below]
  }

  it("every command's --help is plain text within 80 columns, with a full usage line and real descriptions", { timeout: 600_000 }, async () => {
    const all = await commands()
    expect(all.length).toBeGreaterThan(30)
    for (const [command, { exitCode, stdout }] of all) {
      expect(exitCode).toBe(0)
      expect(stdout.includes("\u001b")).toBe(false)
      expect(stdout.startsWith(`Usage: devserver${command.length ? ` ${command.join(" ")}` : ""}`)).toBe(true)
      for (const line of stdout.split("\n")) expect(line.length, `${command.join(" ")}: ${line}`).toBeLessThanOrEqual(80)
      expect(stdout).not.toMatch(/--wizard|A user-defined piece of text|This setting is optional|--completions/)
    }
    const add = (await cli(["task", "add", "--help"])).stdout
    expect(add).toMatch(/^ {2}--label TEXT\s+A label\. Repeatable\.$/m)
    expect(add).toMatch(/^ {2}<title>\s+What the task is, in a line\.$/m)
    expect((await cli(["repo", "add", "--help"])).stdout).toMatch(/--provider gitea\|forgejo\|github\|local\n\s+Where the repo lives.*\n.*\(required\)/)
  })
})

describe("doctor and backup", () => {
  it("doctor: one line per check, the Telegram token checked with getMe and never printed, exit 1 when required checks fail", { timeout: 300_000 }, async () => {
    const token = "123456:SECRET-bot-token"
    const server = http.createServer((req, res) => {
      res.setHeader("content-type", "application/json")
      res.end(req.url === `/bot${token}/getMe` ? JSON.stringify({ ok: true, result: { username: "devserver_test_bot" } }) : JSON.stringify({ ok: false, description: "Unauthorized" }))
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const bin = path.join(f.dataDir(), "fake-bin")
    fs.mkdirSync(bin, { recursive: true })
    fs.writeFileSync(path.join(bin, "claude"), "#!/bin/sh\necho '2.0.0 (Claude Code)'\n", { mode: 0o755 })
    const env = { TELEGRAM_API_ROOT: root, PATH: `${bin}:${process.env.PATH}` }
    try {
      const good = await cli(["doctor"], { env: { ...env, TELEGRAM_BOT_TOKEN: token } })
      expect(good.stdout).toMatch(/^✓ telegram: bot @devserver_test_bot$/m)
      expect(good.stdout).toMatch(/^✓ agent CLI claude: 2\.0\.0 \(Claude Code\)$/m)
      expect(good.stdout).toMatch(/^✓ database: PostgreSQL \d+/m)
      expect(good.stdout).toMatch(/^✓ schema: migrated/m)
      expect(good.stdout).toMatch(/^✗ anthropic key: ANTHROPIC_API_KEY is not set → .*\(optional\)$/m)
      expect(good.exitCode).toBe(0)
      const bad = await cli(["doctor", "--json"], { env: { ...env, TELEGRAM_BOT_TOKEN: "999:wrong-token" } })
      expect(bad.exitCode).toBe(1)
      const checks = decodeJson(Schema.Array(CheckJson), bad.stdout)
      expect(checks.find((c) => c.name === "telegram")).toMatchObject({ ok: false, required: true })
      expect(bad.stdout + good.stdout + good.stderr + bad.stderr).not.toMatch(/SECRET-bot-token|wrong-token/)
    } finally {
      server.close()
    }
  })

  it("backup writes an archive; restore refuses this non-empty install and a damaged archive (exit 4, 2), changing nothing", { timeout: 300_000 }, async () => {
    const file = path.join(f.dataDir(), "all.backup")
    const written = await cli(["backup", file])
    expect(written.exitCode).toBe(0)
    expect(written.stdout).toMatch(/^backed up \d+ tables \(\d+ rows\) and \d+ files to .*all\.backup \(/)
    const before = await f.snapshot()
    const again = await cli(["restore", file])
    expect(again.exitCode).toBe(4)
    expect(again.stderr).toMatch(/^error: this install already holds data \(table \w+\); restore needs an empty one; nothing was changed$/)
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 100))
    const cut = await cli(["restore", file])
    expect(cut.exitCode).toBe(2)
    expect(cut.stderr).toMatch(/^error: not a complete DevServer backup: /)
    expect(await f.snapshot()).toBe(before)
    expect((await cli(["backup", file])).exitCode).toBe(1)
  })
})
