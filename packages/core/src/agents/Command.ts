/**
 * `command`: a plain shell command instead of an LLM (`eslint --fix`, `npm update`, the offline demo).
 * The request's prompt is the command line, run by `/bin/sh -c` in the worktree with the same
 * allow-listed environment as the agents; its output lines become `log_line` events, and its exit code
 * decides success. No session, turns, tokens or cost.
 */
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

export const make = (shell = "/bin/sh"): Cli => ({
  vendor: "command",
  enforcesMaxTurns: false,
  loginFiles: [],
  parser,
  launch: (request: AgentRequest) => ({ file: shell, args: ["-c", request.prompt], env: {}, files: {} })
})
