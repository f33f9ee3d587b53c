/**
 * `openai`: Codex CLI headless (`codex exec --json …`, `codex exec --json resume <thread> …`). Tokens
 * only (cumulative over the thread), no cost, no max-turns option: the runner counts tool rounds and
 * stops it. A configured base URL becomes a custom provider (`-c model_providers.devserver…`), which is
 * also how Azure and other compatible endpoints are reached (plus `extraConfig`); `OPENAI_BASE_URL` is
 * ignored by this CLI. 429s surface as `error`/`turn.failed` messages with "429 Too Many Requests".
 */
import { Redacted } from "effect"
import type { AgentEvent, AgentRequest } from "./AgentBackend.js"
import { type Cli, type Loose, type CliSettings, emptyParsed, jsonLine, type Parsed, type ParsedOutcome, type Parser, summarize, usageLimitOf } from "./Cli.js"

const RATE_LIMIT = /429|Too Many Requests|rate limit/i
const PROVIDER = "devserver"
const KEY_VAR = "DEVSERVER_OPENAI_KEY"

/**
 * The run's `config.toml` (CODEX_HOME is the run's home): no analytics and no telemetry export, like
 * Claude Code and Gemini CLI run. Without it every request says `analytics_enabled: true` and metrics
 * go to the vendor's statsig.
 */
export const CONFIG_TOML = `[analytics]
enabled = false

[otel]
exporter = "none"
trace_exporter = "none"
metrics_exporter = "none"
log_user_prompt = false
`

const toolOf = (item: Loose): { tool: string; summary: string } | null => {
  switch (item.type) {
    case "command_execution":
      return { tool: "shell", summary: summarize(item.command) }
    case "file_change":
      return { tool: "apply_patch", summary: summarize((item.changes ?? []).map((c: Loose) => `${c.kind} ${c.path}`).join(", ")) }
    case "mcp_tool_call":
      return { tool: `${item.server}.${item.tool}`, summary: summarize(item.arguments ?? "") }
    case "web_search":
      return { tool: "web_search", summary: summarize(item.query ?? "") }
    default:
      return null
  }
}

export const parser = (): Parser => {
  const started = new Set<string>()
  let text = ""
  let sessionId: string | null = null
  let rounds = 0
  let rateLimited = false
  let completed: Record<string, Loose> | null = null
  let failure: string | null = null

  const toolUse = (item: Loose, events: Array<AgentEvent>, signatures: Array<string>) => {
    const tool = toolOf(item)
    if (tool === null || started.has(item.id)) return
    started.add(item.id)
    rounds++
    signatures.push(`${tool.tool} ${tool.summary}`)
    events.push({ type: "agent_tool_use", ...tool })
  }

  const stdout = (line: string): Parsed => {
    const msg = jsonLine(line)
    if (msg === null) return emptyParsed
    const events: Array<AgentEvent> = []
    const toolSignatures: Array<string> = []
    const item = msg.item
    if (msg.type === "thread.started") sessionId = String(msg.thread_id)
    else if (msg.type === "item.started" && item) toolUse(item, events, toolSignatures)
    else if (msg.type === "item.completed" && item) {
      if (item.type === "agent_message" && typeof item.text === "string") {
        text = item.text
        events.push({ type: "agent_message", text: item.text })
      } else {
        toolUse(item, events, toolSignatures)
        const tool = toolOf(item)
        if (tool) {
          const ok = item.status !== "failed" && (item.exit_code === undefined || item.exit_code === 0)
          events.push({ type: "agent_tool_result", tool: tool.tool, ok, summary: summarize(item.aggregated_output ?? item.status ?? "") })
        }
      }
    } else if (msg.type === "error" && typeof msg.message === "string") {
      const retry = /Reconnecting\.\.\. (\d+)\/\d+/.exec(msg.message)
      if (RATE_LIMIT.test(msg.message)) rateLimited = true
      if (retry && RATE_LIMIT.test(msg.message)) events.push({ type: "rate_limit_backoff", attempt: Number(retry[1]), waitMs: 0, vendor: "openai", by: "cli" })
      failure = msg.message
    } else if (msg.type === "turn.completed") {
      completed = msg
      failure = null
    } else if (msg.type === "turn.failed") {
      failure = String(msg.error?.message ?? "turn failed")
      completed = null
    }
    return { events, toolSignatures }
  }

  const outcome = (exitCode: number | null): ParsedOutcome => {
    const sawResult = completed !== null || failure !== null
    const failed = completed === null || (exitCode !== null && exitCode !== 0)
    if (failed && failure !== null && RATE_LIMIT.test(failure)) rateLimited = true
    const usageLimit = failed && failure !== null ? usageLimitOf(failure) : null
    const usage = completed?.usage
    return {
      finalText: text,
      sessionId,
      turns: sawResult ? rounds + 1 : null,
      costUsd: null,
      tokensIn: usage ? Number(usage.input_tokens ?? 0) : null,
      tokensOut: usage ? Number(usage.output_tokens ?? 0) + Number(usage.reasoning_output_tokens ?? 0) : null,
      sawResult,
      errorClass: !failed ? null : rateLimited ? "agent.rate_limited" : usageLimit ? "agent.usage_limit" : !sawResult ? "agent.bad_output" : "agent.failed",
      errorSubtype: failed ? (failure !== null ? "turn.failed" : exitCode === null ? "killed" : `exit ${exitCode}`) : null,
      errorExcerpt: failed && failure !== null ? summarize(failure, 500) : null,
      rateLimited,
      usageLimit
    }
  }

  return { stdout, stderr: () => emptyParsed, turnsSoFar: () => rounds, outcome }
}

export const make = (settings: CliSettings): Cli => ({
  vendor: "openai",
  enforcesMaxTurns: true,
  // The run home is CODEX_HOME itself; the login lives in ~/.codex.
  loginFiles: [{ from: ".codex/auth.json", to: "auth.json" }],
  parser,
  launch: (request: AgentRequest) => {
    const args = ["exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox"]
    const model = request.model ?? settings.defaultModel
    if (model !== null) args.push("-m", model)
    const env: Record<string, string> = { CODEX_HOME: request.configHome }
    const key = request.billingMode === "api" && settings.apiKey !== null ? Redacted.value(settings.apiKey) : null
    if (settings.baseUrl !== null) {
      const p = `model_providers.${PROVIDER}`
      args.push("-c", `model_provider=${PROVIDER}`, "-c", `${p}.name=DevServer`, "-c", `${p}.base_url=${settings.baseUrl}`)
      args.push("-c", `${p}.env_key=${KEY_VAR}`, "-c", `${p}.wire_api=responses`)
      if (settings.maxRetries !== null) {
        args.push("-c", `${p}.request_max_retries=${settings.maxRetries}`, "-c", `${p}.stream_max_retries=${settings.maxRetries}`)
      }
      if (key !== null) env[KEY_VAR] = key
    } else if (key !== null) env.CODEX_API_KEY = key
    for (const entry of settings.extraConfig) args.push("-c", entry)
    if (request.resumeSessionId !== null) args.push("resume", request.resumeSessionId)
    // `-` reads the prompt from stdin (Codex waits for its end: the runner closes it).
    args.push("-")
    return { file: settings.bin, args, env, files: { "config.toml": CONFIG_TOML }, stdin: request.prompt }
  }
})
