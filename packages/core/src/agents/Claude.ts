/**
 * `anthropic`: Claude Code headless (`claude -p … --output-format stream-json --verbose`). Reports
 * cost and turns itself; `--max-turns` ends a run with `error_max_turns`; 429s show as `api_retry`
 * events and a result with `api_error_status: 429` (other statuses of `api_retry` — 500, 529 — are
 * server errors, not rate limits). Also the base of `glm` (see Glm.ts).
 *
 * Decisions: with a `decisionHook`, the run gets a settings file (`--settings`, in the run's config
 * home, never in the worktree) with a PreToolUse hook on Bash, WebFetch and MCP tools. The hook (a
 * small Node script next to it, holding the per-attempt secret) posts the hook's stdin
 * (`{tool_name, tool_input, …}`) to the worker and prints nothing to allow; to deny it prints
 * `{"hookSpecificOutput":{"permissionDecision":"deny",…}}`, plus `"continue":false` to stop the run
 * (measured in 2.1.330: the tool does not run, the result is `success` with `terminal_reason:
 * "hook_stopped"`, exit 0). When the worker cannot be reached it exits 2, which also denies: fail closed.
 */
import { Redacted } from "effect"
import * as path from "node:path"
import type { AgentEvent, AgentRequest } from "./AgentBackend.js"
import { type Cli, type Loose, type CliSettings, emptyParsed, jsonLine, type Parsed, type ParsedOutcome, type Parser, summarize, usageLimitOf } from "./Cli.js"

/** How the key reaches the endpoint: `x-api-key` (Anthropic) or `Authorization: Bearer` (Zhipu). */
export type ClaudeAuth = "ANTHROPIC_API_KEY" | "ANTHROPIC_AUTH_TOKEN"

const toolSummary = (input: Loose): string =>
  summarize(input?.command ?? input?.file_path ?? input?.pattern ?? input?.url ?? input ?? "")

const resultText = (content: unknown): string =>
  Array.isArray(content) ? content.map((c: Loose) => (typeof c?.text === "string" ? c.text : "")).join(" ") : String(content ?? "")

export const parser = (vendor: string) => (): Parser => {
  const toolNames = new Map<string, string>()
  let text = ""
  let sessionId: string | null = null
  let turns = 0
  let rateLimited = false
  let result: Record<string, Loose> | null = null
  let usageLimit: ParsedOutcome["usageLimit"] = null

  const stdout = (line: string): Parsed => {
    const msg = jsonLine(line)
    if (msg === null) return emptyParsed
    if (typeof msg.session_id === "string") sessionId = msg.session_id
    const events: Array<AgentEvent> = []
    const toolSignatures: Array<string> = []
    if (msg.type === "system" && msg.subtype === "api_retry") {
      // Only a 429 is a rate limit; a 500/529 (server error, overload) is a retry of another kind.
      if (msg.error_status === 429) {
        rateLimited = true
        events.push({ type: "rate_limit_backoff", attempt: Number(msg.attempt ?? 0), waitMs: Number(msg.retry_delay_ms ?? 0), vendor, by: "cli" })
      } else {
        const status = msg.error_status ?? msg.error ?? "an error"
        events.push({ type: "log_line", stream: "system", line: `model API answered ${status}; the CLI retries (attempt ${msg.attempt ?? "?"} in ${msg.retry_delay_ms ?? "?"} ms)` })
      }
    } else if (msg.type === "assistant") {
      if (msg.error === "rate_limit" || msg.message?.error === "rate_limit") rateLimited = true
      for (const block of msg.message?.content ?? []) {
        if (block.type === "text" && typeof block.text === "string" && block.text.trim() !== "") {
          text = block.text
          usageLimit ??= usageLimitOf(block.text)
          events.push({ type: "agent_message", text: block.text })
        } else if (block.type === "tool_use") {
          toolNames.set(block.id, block.name)
          toolSignatures.push(`${block.name} ${JSON.stringify(block.input)}`)
          events.push({ type: "agent_tool_use", tool: String(block.name), summary: toolSummary(block.input) })
        }
      }
    } else if (msg.type === "user") {
      for (const block of Array.isArray(msg.message?.content) ? msg.message.content : []) {
        if (block.type !== "tool_result") continue
        const tool = toolNames.get(block.tool_use_id) ?? "tool"
        events.push({ type: "agent_tool_result", tool, ok: block.is_error !== true, summary: summarize(resultText(block.content)) })
      }
      turns++
    } else if (msg.type === "result") {
      result = msg
    }
    return { events, toolSignatures }
  }

  const outcome = (exitCode: number | null): ParsedOutcome => {
    const r = result
    const usage = r?.usage ?? {}
    const tokensIn = r ? Number(usage.input_tokens ?? 0) + Number(usage.cache_creation_input_tokens ?? 0) + Number(usage.cache_read_input_tokens ?? 0) : null
    if (r?.api_error_status === 429 || r?.api_error_type === "rate_limit_error") rateLimited = true
    const finalText = typeof r?.result === "string" ? r.result : text
    usageLimit ??= usageLimitOf(finalText)
    const maxTurns = r?.subtype === "error_max_turns" || r?.terminal_reason === "max_turns"
    const failed = r === null || r.is_error === true || (exitCode !== null && exitCode !== 0)
    const errors: Array<string> = Array.isArray(r?.errors) ? r.errors.map(String) : []
    return {
      finalText,
      sessionId,
      turns: typeof r?.num_turns === "number" ? r.num_turns : turns > 0 ? turns + 1 : null,
      costUsd: typeof r?.total_cost_usd === "number" ? r.total_cost_usd : null,
      tokensIn,
      tokensOut: r ? Number(usage.output_tokens ?? 0) : null,
      sawResult: r !== null,
      errorClass: !failed
        ? null
        : rateLimited
        ? "agent.rate_limited"
        : usageLimit
        ? "agent.usage_limit"
        : maxTurns
        ? "agent.max_turns"
        : r === null
        ? "agent.bad_output"
        : "agent.failed",
      errorSubtype: failed && r ? String(r.subtype ?? r.terminal_reason ?? "error") : null,
      errorExcerpt: failed ? summarize(errors.join("; ") || finalText, 500) || null : null,
      rateLimited,
      usageLimit
    }
  }

  return { stdout, stderr: () => emptyParsed, turnsSoFar: () => turns, outcome }
}

/** Tools whose calls may have effects outside the worktree (a regex over tool names, as Claude Code matches). */
const HOOKED_TOOLS = "Bash|WebFetch|mcp__.*"

/** The PreToolUse hook: asks the worker, fails closed (exit 2) when the worker cannot answer. */
const hookScript = (url: string, secret: string) => `"use strict"
const http = require("node:http")
const fail = (why) => { process.stderr.write("DevServer could not check this action (" + why + "), so it is not allowed.\\n"); process.exit(2) }
let input = ""
process.stdin.on("data", (c) => (input += c))
process.stdin.on("end", () => {
  const req = http.request(${JSON.stringify(url)}, { method: "POST", headers: { "content-type": "application/json", "x-devserver-hook": ${JSON.stringify(secret)} } }, (res) => {
    let body = ""
    res.on("data", (c) => (body += c))
    res.on("end", () => {
      if (res.statusCode !== 200) return fail("answer " + res.statusCode)
      let a
      try { a = JSON.parse(body) } catch { return fail("a bad answer") }
      if (a.verdict === "allow") process.exit(0)
      const deny = { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: String(a.reason) }
      process.stdout.write(JSON.stringify(a.stop ? { continue: false, stopReason: String(a.reason), hookSpecificOutput: deny } : { hookSpecificOutput: deny }))
      process.exit(0)
    })
  })
  req.on("error", (e) => fail(e.message))
  req.end(input)
})
`

export const make = (settings: CliSettings, options: { readonly vendor: string; readonly auth: ClaudeAuth; readonly keyAlways?: boolean }): Cli => ({
  vendor: options.vendor,
  enforcesMaxTurns: false,
  loginFiles: [".claude/.credentials.json", ".claude.json"].map((f) => ({ from: f, to: f })),
  parser: parser(options.vendor),
  launch: (request: AgentRequest) => {
    // `-p` without a prompt argument reads the prompt from stdin.
    const args = ["-p", "--output-format", "stream-json", "--verbose", "--permission-mode", "bypassPermissions"]
    const model = request.model ?? settings.defaultModel
    if (model !== null) args.push("--model", model)
    // The limit counts the resumed session's earlier turns too: each attempt gets `maxTurns` more.
    if (request.maxTurns !== null) args.push("--max-turns", String(request.maxTurns + (request.sessionTurns ?? 0)))
    if (request.resumeSessionId !== null) args.push("--resume", request.resumeSessionId)
    const env: Record<string, string> = {
      CLAUDE_CONFIG_DIR: `${request.configHome}/.claude`,
      // bypassPermissions is refused as root unless the CLI is told it runs in a sandbox.
      IS_SANDBOX: "1",
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      DISABLE_AUTOUPDATER: "1",
      DISABLE_TELEMETRY: "1",
      DISABLE_ERROR_REPORTING: "1"
    }
    if (settings.baseUrl !== null) env.ANTHROPIC_BASE_URL = settings.baseUrl
    if (settings.apiKey !== null && (request.billingMode === "api" || options.keyAlways)) env[options.auth] = Redacted.value(settings.apiKey)
    if (settings.maxRetries !== null) env.CLAUDE_CODE_MAX_RETRIES = String(settings.maxRetries)
    const files: Record<string, string> = {}
    if (request.decisionHook !== undefined) {
      const dir = ".devserver"
      files[`${dir}/decision-hook.cjs`] = hookScript(request.decisionHook.url, Redacted.value(request.decisionHook.secret))
      const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(request.configHome, dir, "decision-hook.cjs"))}`
      files[`${dir}/settings.json`] = JSON.stringify({ hooks: { PreToolUse: [{ matcher: HOOKED_TOOLS, hooks: [{ type: "command", command, timeout: 120 }] }] } })
      args.push("--settings", path.join(request.configHome, dir, "settings.json"))
    }
    return { file: settings.bin, args, env, files, stdin: request.prompt }
  }
})
