/**
 * The remediation block: what the next attempt's prompt says about the last failure.
 */
import type { Classification } from "../domain/ErrorClass.js"

/** Characters of raw output quoted when no rule recognised the failure. */
export const unclassifiedTail = 2_000

/** The block for a classified failure, or the output's tail and "fix the root cause" for an unknown one. */
export const remediationBlock = (c: Classification, output: string): string => {
  if (c.class === "unknown") {
    return [
      "The previous attempt failed and the failure was not recognised. The end of its output:",
      "```",
      output.slice(-unclassifiedTail).trimEnd(),
      "```",
      "Fix the root cause."
    ].join("\n")
  }
  const tool = c.tool === null ? "" : `, reported by ${c.tool}`
  return [
    `The previous attempt failed: ${c.class} (${c.severity}${tool}).`,
    `Hint: ${c.hint}`,
    ...(c.evidence.length > 0 ? ["Evidence:", "```", ...c.evidence, "```"] : []),
    "Apply the hint; do not rewrite unrelated files; do not repeat the failed approach."
  ].join("\n")
}
