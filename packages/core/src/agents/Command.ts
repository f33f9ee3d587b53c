/**
 * `command`: a plain shell command instead of an LLM (`eslint --fix`, `npm update`, aider, a script).
 * The request's `command` (else its prompt) is the command line, run by `/bin/sh -c` in the worktree
 * with the same allow-listed environment as the agents, plus what an LLM agent would get: the
 * attempt's full prompt (remediation block included) in the file `DEVSERVER_PROMPT_FILE` and the
 * attempt number in `DEVSERVER_ATTEMPT`, so a custom agent can take part in the retry loop. Its output
 * lines become `log_line` events, and its exit code decides success. No session, turns, tokens or cost.
 */
import * as path from "node:path"
import type { AgentEvent, AgentRequest } from "./AgentBackend.js"
import { type Cli, type Parsed, type ParsedOutcome, type Parser, summarize } from "./Cli.js"

export const parser = (): Parser => {
  const tail: Array<string> = []
  const keep = (line: string) => {
    tail.push(line)
    if (tail.length > 20) tail.shift()
  }
  const on = (stream: "stdout" | "stderr") => (line: string): Parsed => {
    keep(line)
    const event: AgentEvent = { type: "log_line", stream, line: summarize(line, 1000) }
    return { events: [event], toolSignatures: [] }
  }
  const outcome = (exitCode: number | null): ParsedOutcome => ({
    finalText: tail.join("\n"),
    sessionId: null,
    turns: null,
    costUsd: null,
    tokensIn: null,
    tokensOut: null,
    sawResult: true,
    errorClass: exitCode === 0 ? null : "agent.failed",
    errorSubtype: exitCode === 0 ? null : exitCode === null ? "killed" : `exit ${exitCode}`,
    errorExcerpt: exitCode === 0 ? null : summarize(tail.slice(-5).join(" | "), 500) || null,
    rateLimited: false,
    usageLimit: null
  })
  return { stdout: on("stdout"), stderr: on("stderr"), turnsSoFar: () => 0, outcome }
}

/** The prompt file, relative to the run's config home (outside the worktree). */
const PROMPT_FILE = "prompt.md"

export const make = (shell = "/bin/sh"): Cli => ({
  vendor: "command",
  enforcesMaxTurns: false,
  loginFiles: [],
  parser,
  launch: (request: AgentRequest) => ({
    file: shell,
    args: ["-c", request.command ?? request.prompt],
    env: { DEVSERVER_PROMPT_FILE: path.join(request.configHome, PROMPT_FILE), DEVSERVER_ATTEMPT: String(request.attempt ?? 1) },
    files: { [PROMPT_FILE]: request.prompt }
  })
})
