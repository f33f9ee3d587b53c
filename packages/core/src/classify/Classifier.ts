/**
 * The failure classifier: a pure function from a tool's or an agent's output to an error class, a
 * severity, a hint for the next attempt and the evidence lines. Only the last 12,000 characters and
 * the first error before them are read, so any input classifies in a few milliseconds.
 */
import type { Classification, ErrorClassKey, Severity } from "../domain/ErrorClass.js"
import type { Rule } from "./Rule.js"
import { rules as defaultRules } from "./Rules.js"
import { window } from "./Window.js"

export type { Classification, ErrorClassKey, Severity } from "../domain/ErrorClass.js"
export type { Rule } from "./Rule.js"

/** Classes where a retry with the same vendor cannot help: the loop escalates at once. */
export const hardClasses: ReadonlySet<ErrorClassKey> = new Set<ErrorClassKey>([
  "vcs_conflict",
  "vcs_nothing_to_commit",
  "command_not_found",
  "permission_denied",
  "disk_full",
  "agent_config"
])

const severityOf = (rule: Rule): Severity => rule.severity ?? (hardClasses.has(rule.class) ? "hard" : "recoverable")

const unknownHint = "Read the end of the failure output, find the first real error and fix its root cause."

const maxEvidenceLine = 300

// Control characters (binary noise) would garble prompts and JSON lines.
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u0008\u000b-\u001f\u007f]/g

const clip = (line: string, from: number): string => {
  const start = Math.max(0, Math.min(from, line.length - maxEvidenceLine))
  const excerpt = line.slice(start, start + maxEvidenceLine)
  return `${start > 0 ? "…" : ""}${excerpt}${start + maxEvidenceLine < line.length ? "…" : ""}`
}

/** The line holding the match (around the match when the line is long, as JSON events are) and `context` more. */
const evidenceOf = (text: string, index: number, context: number): ReadonlyArray<string> => {
  const lines: Array<string> = []
  let at = text.lastIndexOf("\n", index - 1) + 1
  let matchAt = index - at - 40
  while (at <= text.length && lines.length <= context) {
    const end = text.indexOf("\n", at)
    const line = text.slice(at, end < 0 ? text.length : end).replace(controlChars, "").trimEnd()
    if (line.trim() !== "") lines.push(clip(line, matchAt))
    matchAt = 0
    if (end < 0) break
    at = end + 1
  }
  return lines
}

const fillHint = (hint: string, groups: Record<string, string | undefined> | undefined): string =>
  hint.replace(/\{(\w+)\}/g, (whole, name: string) => groups?.[name]?.trim() || whole)

const applies = (rule: Rule, text: string): RegExpExecArray | null => {
  if (rule.unless?.test(text)) return null
  if (rule.requires && !rule.requires.every((pattern) => pattern.test(text))) return null
  return rule.match.exec(text)
}

/** Classifies with a given rule list (tests and custom rule sets); `classify` uses the built-in rules. */
export const classifyWith = (rules: ReadonlyArray<Rule>) => (output: string): Classification => {
  const text = window(output)
  for (const rule of rules) {
    const found = applies(rule, text)
    if (found === null) continue
    return {
      class: rule.class,
      severity: severityOf(rule),
      tool: rule.tool,
      rule: rule.id,
      hint: fillHint(rule.hint, found.groups),
      evidence: evidenceOf(text, found.index, rule.context ?? 2)
    }
  }
  return { class: "unknown", severity: "recoverable", tool: null, rule: null, hint: unknownHint, evidence: [] }
}

/** The class, severity, tool, rule, hint and evidence of a failure output (never throws). */
export const classify: (output: string) => Classification = classifyWith(defaultRules)

export { remediationBlock } from "./RemediationBlock.js"
