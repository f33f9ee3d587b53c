/**
 * What a vendor module supplies to the shared runner: how to start its CLI for a request (argv,
 * vendor environment, config files inside the config home) and a parser for its streaming output.
 * A new vendor is one module that returns a `Cli`.
 */
import type { Redacted } from "effect"
import type { AgentEvent, AgentRequest, AgentResult } from "./AgentBackend.js"

/** Settings shared by the CLI vendors, read from Config by `AgentsLive`. */
export interface CliSettings {
  /** The executable (a name on PATH or an absolute path). */
  readonly bin: string
  /** The vendor's key; passed only with billing `api`. */
  readonly apiKey: Redacted.Redacted<string> | null
  /** A compatible endpoint instead of the vendor's own (mock servers, Azure, Zhipu). */
  readonly baseUrl: string | null
  readonly defaultModel: string | null
  /** The CLI's own retries on API errors; null = the CLI's default. */
  readonly maxRetries: number | null
  /** Extra `key=value` config overrides (Codex `-c`), e.g. an Azure provider's `query_params`. */
  readonly extraConfig: ReadonlyArray<string>
}

/** How to start the CLI for one request. */
export interface Launch {
  readonly file: string
  readonly args: ReadonlyArray<string>
  /** Vendor variables added to the base allow-list (PATH, HOME, locale). */
  readonly env: Record<string, string>
  /** Files written under the config home before the start (relative path → content). */
  readonly files: Record<string, string>
  /**
   * Written to the CLI's stdin, which is then closed: the prompt, for every CLI that reads it there.
   * An argument is visible to every user in `ps` and limited to 128 KiB by the kernel.
   */
  readonly stdin?: string | undefined
}

/** One parsed stdout line: the events it produced, and the signature of a tool call (for repeats). */
export interface Parsed {
  readonly events: ReadonlyArray<AgentEvent>
  readonly toolSignatures: ReadonlyArray<string>
}

/** What the parser learned by the end of the run; `sawResult` false means `agent.bad_output`. */
export type ParsedOutcome = Omit<AgentResult, "exitCode" | "startedAt" | "endedAt"> & {
  /** Whether a final result (success or error) was seen. */
  readonly sawResult: boolean
}

export interface Parser {
  /** A stdout line; non-JSON lines yield nothing (and count as garbage when no result follows). */
  readonly stdout: (line: string) => Parsed
  /** A stderr line (some CLIs report retries and errors only there). */
  readonly stderr: (line: string) => Parsed
  /** Model round trips so far (for vendors whose CLI has no max-turns option). */
  readonly turnsSoFar: () => number
  /** The outcome, given the exit code. */
  readonly outcome: (exitCode: number | null) => ParsedOutcome
}

export interface Cli {
  readonly vendor: string
  readonly launch: (request: AgentRequest) => Launch
  readonly parser: () => Parser
  /** The runner stops the CLI itself when `turnsSoFar()` passes max turns (Codex has no option for it). */
  readonly enforcesMaxTurns: boolean
  /** Files of the user's real home (`from`) that carry a subscription login, linked into the run's home (`to`). */
  readonly loginFiles: ReadonlyArray<{ readonly from: string; readonly to: string }>
}

export const emptyParsed: Parsed = { events: [], toolSignatures: [] }

/** A value decoded from a CLI's JSON output: untyped, read defensively (every field may be missing). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any

/** Parses a JSON object line; anything else is null. */
export const jsonLine = (line: string): Record<string, Loose> | null => {
  const trimmed = line.trim()
  if (!trimmed.startsWith("{")) return null
  try {
    const value = JSON.parse(trimmed)
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : null
  } catch {
    return null
  }
}

/** A one-line summary of a tool call's input, for events (never the whole input). */
export const summarize = (value: unknown, max = 200): string => {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? ""
  const flat = text.replace(/\s+/g, " ").trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** Usage-limit messages of the subscription plans (Claude Max, ChatGPT plans, Google AI plans). */
export const usageLimitOf = (text: string): { resetAt: Date | null } | null => {
  const claude = /usage limit reached\|(\d{9,})/i.exec(text)
  if (claude) return { resetAt: new Date(Number(claude[1]) * 1000) }
  if (/usage limit|hit your usage|quota exceeded for .*per day|daily quota/i.test(text)) return { resetAt: null }
  return null
}
