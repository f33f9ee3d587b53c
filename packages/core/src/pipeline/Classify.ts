/**
 * The classify step: turns what went wrong in an attempt into a classification (class, severity,
 * tool, rule, hint, evidence) and the raw output the remediation block quotes. Agent failures that
 * the CLI itself named (rate limit, usage window, max turns, timeout, stall) map directly; any other
 * failure goes through the classifier, as do verification failures and an attempt that changed nothing.
 */
import * as fs from "node:fs"
import type { AgentErrorClass, AgentResult } from "../agents/AgentBackend.js"
import { classify } from "../classify/Classifier.js"
import type { Classification } from "../domain/ErrorClass.js"
import type { VerifyFailure } from "../verify/Verify.js"

export type Source = "agent" | "pre" | "build" | "test" | "lint" | "changes"

export interface Classified {
  readonly classification: Classification
  readonly source: Source
  /** The failure's output (tail), for the remediation block of an unrecognised failure. */
  readonly output: string
  /** A subscription's usage window is exhausted. */
  readonly usageLimit: { readonly resetAt: Date | null } | null
}

/** Characters of an agent's log read for classification. */
const logTailChars = 12_000

type Direct = Pick<Classification, "class" | "hint">

const direct: Partial<Record<AgentErrorClass, Direct>> = {
  "agent.rate_limited": { class: "agent_api_rate_limit", hint: "The model API rate-limited the agent; the same attempt runs again after a wait." },
  "agent.usage_limit": { class: "agent_api_rate_limit", hint: "The subscription's usage window is exhausted; the task waits for its reset or moves to the backup." },
  "agent.max_turns": { class: "agent_turn_limit", hint: "You reached the turn limit before finishing: continue where you stopped, without redoing finished work." },
  "agent.timeout": { class: "timeout", hint: "The previous attempt ran out of time: take the shortest path to the acceptance criteria." },
  "agent.stalled": { class: "timeout", hint: "The previous attempt stalled (no output, or the same tool call over and over): do not repeat it; change the approach." }
}

/** The last `chars` characters of a file; empty when it cannot be read. */
export const fileTail = (file: string, chars = logTailChars): string => {
  try {
    const fd = fs.openSync(file, "r")
    try {
      const size = fs.fstatSync(fd).size
      const length = Math.min(size, chars * 4)
      const buffer = Buffer.alloc(length)
      fs.readSync(fd, buffer, 0, length, size - length)
      return buffer.toString("utf8").slice(-chars)
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    return ""
  }
}

/** A failed agent run, with the tail of its log for the classifier. */
export const ofAgent = (result: AgentResult, vendor: string, logTail: string): Classified => {
  const errorClass = result.errorClass ?? "agent.failed"
  const usageLimit = result.usageLimit
  const known = direct[errorClass]
  const excerpt = [result.errorSubtype, result.errorExcerpt].filter((s): s is string => s !== null && s !== "").join(": ")
  if (known !== undefined) {
    return {
      classification: { ...known, severity: "recoverable", tool: vendor, rule: `pipeline.${errorClass}`, evidence: excerpt === "" ? [] : [excerpt] },
      source: "agent",
      output: excerpt,
      usageLimit
    }
  }
  const output = `${logTail}\n${excerpt}`.trim()
  return { classification: classify(output), source: "agent", output, usageLimit }
}

/** A failed verification step. */
export const ofVerify = (failure: VerifyFailure): Classified => ({
  classification: classify(failure.output),
  source: failure.step,
  output: failure.output,
  usageLimit: null
})

/**
 * An attempt after which the task has no change at all: the agent did nothing, or a tool step it
 * relied on failed. A recognised failed tool step gives its own class; otherwise the attempt is
 * `vcs_nothing_to_commit` (hard: the same vendor is not asked again).
 */
export const ofNoChanges = (failedTools: ReadonlyArray<string>, finalText: string): Classified => {
  const toolOutput = failedTools.join("\n")
  const fromTools = toolOutput === "" ? null : classify(toolOutput)
  const evidence = [...failedTools.slice(-3), ...(finalText.trim() === "" ? [] : [finalText.trim().slice(-300)])]
  const classification: Classification = fromTools !== null && fromTools.class !== "unknown"
    ? fromTools
    : {
      class: "vcs_nothing_to_commit",
      severity: "hard",
      tool: null,
      rule: "pipeline.no_changes",
      hint: "The attempt ended without changing any file. Make the change the task asks for; do not only describe it.",
      evidence
    }
  return { classification, source: "changes", output: [toolOutput, finalText].filter((s) => s !== "").join("\n"), usageLimit: null }
}
