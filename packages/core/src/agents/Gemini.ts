/**
 * `google`: Gemini CLI headless (`gemini -p … -o stream-json --yolo`). Tokens only, no cost; max turns
 * is the settings value `model.maxSessionTurns` (exit 53); API errors exit with the HTTP status & 0xFF
 * (429 → 173). Its settings.json lives in the run's config home (`GEMINI_CLI_HOME`), never the repo.
 * A turn the API refused is dropped from the saved session, and the CLI will not resume a session that
 * holds no model output (`--resume` exits 42, "No previous sessions found"): such a run reports no
 * session id, so the next attempt starts afresh (or keeps resuming the earlier session it continued).
 */
import { Redacted } from "effect"
import * as path from "node:path"
import type { AgentEvent, AgentRequest } from "./AgentBackend.js"
import { type Cli, type Loose, type CliSettings, emptyParsed, jsonLine, type Parsed, type ParsedOutcome, type Parser, summarize, usageLimitOf } from "./Cli.js"

export const DEFAULT_MODEL = "gemini-2.5-pro"

const RATE_LIMIT = /\b429\b|RESOURCE_EXHAUSTED|Too Many Requests|rate limit/i

export const parser = (): Parser => {
  const toolNames = new Map<string, string>()
  let text = ""
  let sessionId: string | null = null
  // A model round trip starts with the first model output (text or tool call) at the start or after
  // tool results came back; the CLI runs a response's tool calls only once the response has ended.
  let turns = 0
  let awaitingModel = true
  let inToolBatch = false
  let rateLimited = false
  let result: Record<string, Loose> | null = null
  let stderrError = ""

  const stdout = (line: string): Parsed => {
    const msg = jsonLine(line)
    if (msg === null) return emptyParsed
    const events: Array<AgentEvent> = []
    const toolSignatures: Array<string> = []
    if (msg.type === "init" && typeof msg.session_id === "string") sessionId = msg.session_id
    else if (msg.type === "message" && msg.role === "assistant" && typeof msg.content === "string") {
      if (awaitingModel) turns++
      awaitingModel = false
      text = msg.delta === true && !inToolBatch ? text + msg.content : msg.content
      inToolBatch = false
      events.push({ type: "agent_message", text: msg.content })
    } else if (msg.type === "tool_use") {
      if (awaitingModel) turns++
      awaitingModel = false
      inToolBatch = true
      toolNames.set(msg.tool_id, msg.tool_name)
      toolSignatures.push(`${msg.tool_name} ${JSON.stringify(msg.parameters)}`)
      const p = msg.parameters ?? {}
      events.push({ type: "agent_tool_use", tool: String(msg.tool_name), summary: summarize(p.command ?? p.file_path ?? p.dir_path ?? p) })
    } else if (msg.type === "tool_result") {
      awaitingModel = true
      const ok = msg.status === "success"
      events.push({
        type: "agent_tool_result",
        tool: toolNames.get(msg.tool_id) ?? "tool",
        ok,
        summary: summarize(ok ? msg.output ?? "" : msg.error?.message ?? msg.output ?? "")
      })
    } else if (msg.type === "result") {
      result = msg
    }
    return { events, toolSignatures }
  }

  const stderr = (line: string): Parsed => {
    const retry = /Attempt (\d+) failed: (.*?)\.? Retrying after (\d+)ms/.exec(line)
    if (retry && RATE_LIMIT.test(retry[2]!)) {
      rateLimited = true
      return { events: [{ type: "rate_limit_backoff", attempt: Number(retry[1]), waitMs: Number(retry[3]), vendor: "google", by: "cli" }], toolSignatures: [] }
    }
    // With json output the final error is a JSON document on stderr.
    const json = jsonLine(line)
    if (json?.error) stderrError = String(json.error.message ?? "")
    return emptyParsed
  }

  const outcome = (exitCode: number | null): ParsedOutcome => {
    const r = result
    const failed = r === null || r.status !== "success" || (exitCode !== null && exitCode !== 0)
    const message = String(r?.error?.message ?? stderrError)
    if (failed && (exitCode === 173 || RATE_LIMIT.test(message))) rateLimited = true
    const usageLimit = failed ? usageLimitOf(message) : null
    const maxTurns = exitCode === 53 || r?.error?.type === "FatalTurnLimitedError"
    const stats = r?.stats ?? null
    return {
      finalText: text,
      sessionId: turns > 0 ? sessionId : null,
      turns: turns || null,
      costUsd: null,
      tokensIn: stats ? Number(stats.input_tokens ?? stats.input ?? 0) : null,
      tokensOut: stats ? Number(stats.output_tokens ?? 0) : null,
      sawResult: r !== null,
      errorClass: !failed
        ? null
        : maxTurns
        ? "agent.max_turns"
        : rateLimited
        ? "agent.rate_limited"
        : usageLimit
        ? "agent.usage_limit"
        : r === null
        ? "agent.bad_output"
        : "agent.failed",
      errorSubtype: failed ? String(r?.error?.type ?? (exitCode === null ? "killed" : `exit ${exitCode}`)) : null,
      errorExcerpt: failed && message !== "" ? summarize(message, 500) : null,
      rateLimited,
      usageLimit
    }
  }

  return { stdout, stderr, turnsSoFar: () => turns, outcome }
}

/**
 * Loaded into the CLI's Node processes through NODE_OPTIONS: blocking stdout and stderr. The CLI
 * relaunches itself in a child process (a larger heap) that writes the output and calls `process.exit`
 * right after its last line; Node writes to a pipe asynchronously once the pipe is full, so when the
 * worker read more slowly (a busy event loop, a long line such as the prompt echoed back) the rest of
 * the output, the result line included, was lost: exit 0 and no result. The relaunched process drops
 * the variable again, so the agent's own tools do not load this.
 */
const BLOCKING_STDIO = ".gemini/devserver-blocking-stdio.cjs"
const blockingStdio = `for (const s of [process.stdout, process.stderr]) s._handle?.setBlocking?.(true)
if (process.env.GEMINI_CLI_NO_RELAUNCH) delete process.env.NODE_OPTIONS
`

export const make = (settings: CliSettings): Cli => ({
  vendor: "google",
  enforcesMaxTurns: false,
  loginFiles: [".gemini/oauth_creds.json", ".gemini/google_accounts.json"].map((f) => ({ from: f, to: f })),
  parser,
  launch: (request: AgentRequest) => {
    const model = request.model ?? settings.defaultModel ?? DEFAULT_MODEL
    // -m always: the default `auto` adds a router call per turn.
    // A prompt piped to stdin runs headless (`-p` would put it in argv).
    const args = ["--output-format", "stream-json", "--yolo", "-m", model]
    if (request.resumeSessionId !== null) args.push("--resume", request.resumeSessionId)
    const api = request.billingMode === "api"
    const env: Record<string, string> = {
      GEMINI_CLI_HOME: request.configHome,
      GEMINI_CLI_TRUST_WORKSPACE: "true",
      NODE_OPTIONS: `--require ${JSON.stringify(path.join(request.configHome, BLOCKING_STDIO))}`
    }
    if (settings.baseUrl !== null) env.GOOGLE_GEMINI_BASE_URL = settings.baseUrl
    if (api && settings.apiKey !== null) env.GEMINI_API_KEY = Redacted.value(settings.apiKey)
    const config = {
      // Without a selected type a custom base URL makes the CLI pick `gateway`, which headless refuses.
      security: { auth: { selectedType: api ? "gemini-api-key" : "oauth-personal" } },
      privacy: { usageStatisticsEnabled: false },
      general: settings.maxRetries === null ? {} : { maxAttempts: Math.min(10, Math.max(1, settings.maxRetries + 1)) },
      // A session-wide limit: a resumed session gets `maxTurns` more than it already holds.
      model: { maxSessionTurns: request.maxTurns === null ? -1 : request.maxTurns + (request.sessionTurns ?? 0) }
    }
    const files = { ".gemini/settings.json": JSON.stringify(config, null, 2), [BLOCKING_STDIO]: blockingStdio }
    return { file: settings.bin, args, env, files, stdin: request.prompt }
  }
})
