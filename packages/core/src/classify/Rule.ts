/**
 * A classifier rule is data: which output it recognises, what class that is, and what the agent
 * should do about it. Rules are tried in order, most specific first; the first that applies wins.
 */
import type { ErrorClassKey, Severity } from "../domain/ErrorClass.js"

export interface Rule {
  /** Stable id, `<tool>/<what>` (`tsc/diagnostic`, `git/merge-conflict`); shown in events and the CLI. */
  readonly id: string
  readonly class: ErrorClassKey
  /** Overrides the class's default severity. */
  readonly severity?: Severity
  /** The tool that prints this output, or null for a generic rule. */
  readonly tool: string | null
  /**
   * The pattern that proves the failure; the line it starts on is the first evidence line. Written
   * without the `g` flag, usually with `m`; named groups may be used as `{name}` in the hint.
   */
  readonly match: RegExp
  /** Patterns that must also occur somewhere in the output (the tool's signature, for instance). */
  readonly requires?: ReadonlyArray<RegExp>
  /** The rule does not apply when this occurs in the output. */
  readonly unless?: RegExp
  /** What the agent should do next; `{name}` is replaced by the match's named group. */
  readonly hint: string
  /** How many lines after the matched one are evidence too (default 2). */
  readonly context?: number
}
