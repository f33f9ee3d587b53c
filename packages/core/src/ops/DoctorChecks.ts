/** The individual checks of `doctor` (see Doctor.ts); each answers with `Check`s and never fails. */
import { Effect, Option, Redacted } from "effect"
import { execa } from "execa"
import * as fs from "node:fs"
import * as path from "node:path"

export interface Check {
  readonly name: string
  readonly ok: boolean
  /** A failed required check makes the installation unusable (the CLI exits 1). */
  readonly required: boolean
  readonly detail: string
  /** What to do about a failure; null when the check passed. */
  readonly fix: string | null
}

export interface DoctorConfig {
  readonly path: string
  readonly agents: ReadonlyArray<{ readonly vendor: string; readonly bin: string; readonly binVariable: string; readonly keyVariable: string; readonly hasKey: boolean }>
  readonly gitAuthor: { readonly name: Option.Option<string>; readonly email: Option.Option<string> }
  readonly telegram: { readonly token: Option.Option<Redacted.Redacted<string>>; readonly apiRoot: string }
  readonly worktreeRetentionDays: number | null
}

export const pass = (name: string, detail: string, required = false): Check => ({ name, ok: true, required, detail, fix: null })
export const fail = (name: string, detail: string, fix: string, required = true): Check => ({ name, ok: false, required, detail, fix })

const firstLine = (text: string) => text.trim().split("\n")[0]?.trim() ?? ""

const version = (bin: string, pathVar: string) =>
  Effect.tryPromise(() => execa(bin, ["--version"], { env: { PATH: pathVar }, extendEnv: false, timeout: 20_000, reject: true, stdin: "ignore" })).pipe(
    Effect.map((r) => Option.some(firstLine(r.stdout || r.stderr))),
    Effect.orElseSucceed(() => Option.none<string>())
  )

export const node = Effect.sync(() => {
  const major = Number(process.versions.node.split(".")[0])
  return major >= 20 ? pass("node", `Node.js ${process.versions.node}`, true) : fail("node", `Node.js ${process.versions.node}`, "install Node.js 20 or newer")
})

export const git = (pathVar: string) =>
  Effect.map(version("git", pathVar), (v) =>
    Option.isSome(v) ? pass("git", v.value, true) : fail("git", "git not found on PATH", "install git (e.g. apt-get install git)"))

export const gitIdentity = (author: DoctorConfig["gitAuthor"]): Check => {
  const name = Option.getOrElse(author.name, () => "DevServer Agent")
  const email = Option.getOrElse(author.email, () => "agent@devserver.local")
  const set = Option.isSome(author.name) && Option.isSome(author.email)
  return set
    ? pass("git identity", `agents commit as ${name} <${email}>`)
    : fail("git identity", `agents commit as ${name} <${email}> (the default)`, "set DEVSERVER_GIT_AUTHOR_NAME and DEVSERVER_GIT_AUTHOR_EMAIL", false)
}

/** One entry per distinct executable (two vendors share Claude Code). */
export const distinctBins = (agents: DoctorConfig["agents"]) =>
  agents.filter((a, i) => agents.findIndex((b) => b.bin === a.bin) === i)

const installHint: Record<string, string> = {
  claude: "npm install -g @anthropic-ai/claude-code",
  gemini: "npm install -g @google/gemini-cli",
  codex: "npm install -g @openai/codex"
}

export const agentCli = (agent: DoctorConfig["agents"][number], pathVar: string) =>
  Effect.map(version(agent.bin, pathVar), (v) =>
    Option.isSome(v)
      ? pass(`agent CLI ${agent.bin}`, v.value)
      : fail(`agent CLI ${agent.bin}`, "not found", `${installHint[path.basename(agent.bin)] ?? "install it"}, or set ${agent.binVariable} to its path`, false))

export const vendorKey = (agent: DoctorConfig["agents"][number]): Check =>
  agent.hasKey
    ? pass(`${agent.vendor} key`, `${agent.keyVariable} is set`)
    : fail(`${agent.vendor} key`, `${agent.keyVariable} is not set`, `set ${agent.keyVariable} to use ${agent.vendor} with api billing (subscription billing needs none)`, false)

const GiB = 1024 ** 3
const human = (bytes: number) =>
  bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`

export const dataFolder = (dir: string): Check => {
  try {
    fs.mkdirSync(dir, { recursive: true })
    const probe = path.join(dir, `.doctor-${process.pid}`)
    fs.writeFileSync(probe, "ok")
    fs.rmSync(probe)
  } catch (e) {
    return fail("data folder", `${dir} is not writable (${(e as Error).message})`, "fix its permissions or set DEVSERVER_DATA_DIR to another folder")
  }
  const stats = fs.statfsSync(dir)
  const free = stats.bavail * stats.bsize
  return free < GiB
    ? fail("data folder", `${dir}: only ${human(free)} free`, "free disk space (worktrees and the database grow with every task)")
    : pass("data folder", `${dir}: writable, ${human(free)} free`, true)
}

const sizeOf = (target: string): number => {
  const stat = fs.lstatSync(target, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.size
  return fs.readdirSync(target).reduce((sum, name) => sum + sizeOf(path.join(target, name)), 0)
}

/** Disk use of the task folders (collected after the retention), the repo caches and the logs. */
export const worktrees = (dataDir: string, retentionDays: number | null): Check[] =>
  ["worktrees", "scratch", "cache", "logs"].map((folder) => {
    const dir = path.join(dataDir, folder)
    const entries = fs.existsSync(dir) ? fs.readdirSync(dir).length : 0
    const collected = folder === "worktrees" || folder === "scratch"
    const gc = retentionDays === null || !collected ? "" : `; finished tasks' folders are removed after ${retentionDays} days`
    return pass(`${folder} disk use`, `${entries} folders, ${human(sizeOf(dir))}${gc}`)
  })

export const telegram = (settings: DoctorConfig["telegram"]) =>
  Effect.gen(function*() {
    if (Option.isNone(settings.token)) return [pass("telegram", "not configured (TELEGRAM_BOT_TOKEN unset; optional)")]
    const token = Redacted.value(settings.token.value)
    const hide = (text: string) => text.split(token).join("<token>")
    const answer = yield* Effect.tryPromise(async () => {
      const response = await fetch(`${settings.apiRoot}/bot${token}/getMe`, { signal: AbortSignal.timeout(15_000) })
      return { status: response.status, body: (await response.json().catch(() => ({}))) as { ok?: boolean; result?: { username?: string }; description?: string } }
    }).pipe(Effect.either)
    if (answer._tag === "Left") {
      return [fail("telegram", hide(`cannot reach ${settings.apiRoot}: ${String((answer.left as { cause?: unknown }).cause ?? answer.left)}`), "check the network or TELEGRAM_API_ROOT")]
    }
    const { body, status } = answer.right
    return body.ok && body.result?.username
      ? [pass("telegram", `bot @${body.result.username}`, true)]
      : [fail("telegram", hide(`getMe refused the token (${status}${body.description ? `: ${body.description}` : ""})`), "set TELEGRAM_BOT_TOKEN to the token @BotFather gave")]
  })
