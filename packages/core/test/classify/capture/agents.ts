/**
 * Captures the agent CLIs' own failures for the classifier fixtures: the real Claude Code, Codex and
 * Gemini CLIs (tools/agent-clis) against loopback servers that answer with an error status, a closed
 * port, or a scripted model that keeps calling tools past a turn limit. Run with
 * `npx tsx packages/core/test/classify/capture/agents.ts` after tools/agent-clis/install.sh.
 */
import { Effect } from "effect"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as Anthropic from "../../support/models/Anthropic.js"
import * as GeminiModel from "../../support/models/Gemini.js"

const here = path.dirname(fileURLToPath(import.meta.url))
const bin = (name: string) => path.resolve(here, "../../../../../tools/agent-clis/node_modules/.bin", name)
const fixtures = path.resolve(here, "../fixtures")
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "classify-agents-"))
const prompt = "Add a README section about configuration."
const loop = [{ shell: "echo one" }, { shell: "echo two" }, { shell: "echo three" }, { text: "done" }] as const

interface Answer {
  readonly status: number
  readonly body: unknown
}

/** A server that answers every POST with one error status (HEAD and GET with 404). */
const statusServer = (answer: Answer) =>
  Effect.acquireRelease(
    Effect.async<http.Server>((resume) => {
      const server = http.createServer((req, res) => {
        req.resume()
        req.on("end", () => {
          if (req.method !== "POST") return void res.writeHead(404).end()
          res.writeHead(answer.status, { "content-type": "application/json", "retry-after": "1" })
          res.end(JSON.stringify(answer.body))
        })
      })
      server.on("upgrade", (_req, socket) => socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))
  ).pipe(Effect.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`))

/** A loopback URL nobody listens on. */
const closedPort = Effect.async<string>((resume) => {
  const server = http.createServer()
  server.listen(0, "127.0.0.1", () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    server.close(() => resume(Effect.succeed(url)))
  })
})

interface Run {
  readonly name: string
  readonly expect: string
  readonly cli: "claude" | "codex" | "gemini"
  readonly args: ReadonlyArray<string>
  readonly env: Record<string, string>
  readonly settings?: unknown
}

const home = (name: string) => {
  const dir = path.join(scratch, name)
  fs.mkdirSync(path.join(dir, "work"), { recursive: true })
  return dir
}

/** Runs the CLI asynchronously (the loopback servers live in this process) and writes its fixture. */
const capture = (run: Run, describe: string) =>
  Effect.async<void>((resume) => {
    const dir = home(run.name)
    if (run.settings !== undefined) {
      fs.mkdirSync(path.join(dir, ".gemini"), { recursive: true })
      fs.writeFileSync(path.join(dir, ".gemini", "settings.json"), JSON.stringify(run.settings, null, 2))
    }
    const env = { PATH: process.env.PATH ?? "", HOME: dir, ...run.env }
    const child = spawn(bin(run.cli), [...run.args], { cwd: path.join(dir, "work"), env, timeout: 180_000 })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")))
    child.stdin.end(prompt)
    child.on("close", (code, signal) => {
      const header = [
        `# case: ${run.name} (made by packages/core/test/classify/capture/agents.ts)`,
        `# command: ${run.cli} ${run.args.join(" ")} < prompt   (${describe})`,
        `# exit: ${code ?? signal}`,
        `# expect: ${run.expect}`,
        "# source: captured from the real CLI against a loopback server",
        "# ---"
      ]
      const body = output.replaceAll(scratch, "/scratch")
      fs.writeFileSync(path.join(fixtures, `${run.name}.txt`), `${header.join("\n")}\n${body}`)
      console.log(run.name.padEnd(32), `exit ${code ?? signal}`, body.trim().split("\n").pop()?.slice(0, 100))
      resume(Effect.void)
    })
  })

const claude = (name: string, expect: string, url: string, extra: { args?: ReadonlyArray<string>; env?: Record<string, string> } = {}): Run => ({
  name,
  expect,
  cli: "claude",
  args: ["-p", "--output-format", "stream-json", "--verbose", "--permission-mode", "bypassPermissions", "--model", "claude-sonnet-4-5", ...(extra.args ?? [])],
  env: {
    CLAUDE_CONFIG_DIR: path.join(scratch, name, ".claude"),
    IS_SANDBOX: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    CLAUDE_CODE_MAX_RETRIES: "0",
    ANTHROPIC_BASE_URL: url,
    ANTHROPIC_API_KEY: "sk-ant-capture-key",
    ...extra.env
  }
})

const codex = (name: string, expect: string, url: string): Run => {
  const p = "model_providers.mock"
  return {
    name,
    expect,
    cli: "codex",
    args: [
      "exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "-m", "gpt-5.5",
      "-c", "model_provider=mock", "-c", `${p}.name=Mock`, "-c", `${p}.base_url=${url}/v1`, "-c", `${p}.env_key=MOCK_API_KEY`,
      "-c", `${p}.wire_api=responses`, "-c", `${p}.request_max_retries=0`, "-c", `${p}.stream_max_retries=0`, "-"
    ],
    env: { CODEX_HOME: path.join(scratch, name), MOCK_API_KEY: "sk-capture-key" }
  }
}

const gemini = (name: string, expect: string, url: string, settings: Record<string, unknown> = {}): Run => ({
  name,
  expect,
  cli: "gemini",
  args: ["--output-format", "stream-json", "--yolo", "-m", "gemini-2.5-pro"],
  env: { GEMINI_CLI_HOME: path.join(scratch, name), GEMINI_CLI_TRUST_WORKSPACE: "true", GOOGLE_GEMINI_BASE_URL: url, GEMINI_API_KEY: "capture-key" },
  settings: {
    security: { auth: { selectedType: "gemini-api-key" } },
    privacy: { usageStatisticsEnabled: false },
    general: { maxAttempts: 1 },
    ...settings
  }
})

const withStatus = (answer: Answer, make: (url: string) => Run) =>
  Effect.scoped(Effect.flatMap(statusServer(answer), (url) => capture(make(url), `server answers ${answer.status}`)))

const anthropicError = (type: string, message: string) => ({ type: "error", error: { type, message } })
const openAiError = (type: string, message: string, code: string | null = null) => ({ error: { message, type, code } })
const googleError = (code: number, status: string, message: string) => ({ error: { code, status, message } })

const program = Effect.gen(function*() {
  yield* withStatus({ status: 429, body: anthropicError("rate_limit_error", "This request would exceed your organization's rate limit.") }, (url) => claude("claude-429", "agent_api_rate_limit claude/rate-limit", url))
  yield* withStatus({ status: 529, body: anthropicError("overloaded_error", "Overloaded") }, (url) => claude("claude-529", "agent_api_overloaded agent/overloaded", url))
  yield* withStatus({ status: 500, body: anthropicError("api_error", "Internal server error") }, (url) => claude("claude-500", "agent_api_overloaded agent/overloaded", url))
  yield* withStatus({ status: 401, body: anthropicError("authentication_error", "invalid x-api-key") }, (url) => claude("claude-401", "agent_config agent/auth", url))
  const nobody = yield* closedPort
  yield* capture(claude("claude-connection", "agent_api_connection agent/connection", nobody), "nothing listens on the port")
  yield* capture(
    claude("claude-root-refused", "agent_config agent/auth", nobody, { args: ["--dangerously-skip-permissions"], env: { IS_SANDBOX: "" } }),
    "run as root without IS_SANDBOX"
  )
  yield* Effect.scoped(Effect.gen(function*() {
    const server = yield* Anthropic.make(loop)
    server.cwd = path.join(scratch, "claude-max-turns", "work")
    yield* capture(claude("claude-max-turns", "agent_turn_limit claude/turn-limit", server.url, { args: ["--max-turns", "1"] }), "scripted model keeps calling tools")
  }))

  yield* withStatus({ status: 429, body: openAiError("rate_limit_exceeded", "Rate limit reached for requests") }, (url) => codex("codex-429", "agent_api_rate_limit codex/rate-limit", url))
  yield* withStatus({ status: 503, body: openAiError("server_error", "The server is overloaded or not ready yet.") }, (url) => codex("codex-503", "agent_api_overloaded agent/overloaded", url))
  yield* withStatus({ status: 401, body: openAiError("invalid_request_error", "Incorrect API key provided: sk-captu***-key.", "invalid_api_key") }, (url) => codex("codex-401", "agent_config agent/auth", url))
  yield* capture(codex("codex-connection", "agent_api_connection agent/connection", nobody), "nothing listens on the port")

  yield* withStatus({ status: 429, body: googleError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).") }, (url) => gemini("gemini-429", "agent_api_rate_limit gemini/rate-limit", url))
  yield* withStatus({ status: 503, body: googleError(503, "UNAVAILABLE", "The model is overloaded. Please try again later.") }, (url) => gemini("gemini-503", "agent_api_overloaded agent/overloaded", url))
  yield* withStatus({ status: 400, body: googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.") }, (url) => gemini("gemini-400-key", "agent_config agent/auth", url))
  yield* capture(gemini("gemini-connection", "agent_api_connection agent/connection", nobody), "nothing listens on the port")
  yield* capture({ ...gemini("gemini-auth-method", "agent_config agent/auth", nobody), settings: { privacy: { usageStatisticsEnabled: false } } }, "no auth type selected")
  yield* Effect.scoped(Effect.gen(function*() {
    const server = yield* GeminiModel.make(loop)
    server.cwd = path.join(scratch, "gemini-max-turns", "work")
    yield* capture(gemini("gemini-max-turns", "agent_turn_limit gemini/turn-limit", server.url, { model: { maxSessionTurns: 1 } }), "scripted model keeps calling tools")
  }))
})

Effect.runPromise(program).finally(() => fs.rmSync(scratch, { recursive: true, force: true }))
