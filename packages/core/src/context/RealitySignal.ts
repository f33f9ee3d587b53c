/**
 * The reality signal: a 0–100 score of how grounded a task is in the code, before money is spent on
 * it. Four independent sources, each 0–1 with a weight: the share of the task's identifiers that the
 * repo map knows (0.40), overlap with files changed in the last 14 days (0.20), an open PR on the
 * task's branch (0.15) and the outcomes of similar past tasks (0.25). A source that cannot answer
 * (no identifiers, no history, no forge) spreads its weight over the others; `confidence` is the
 * share of the weight that answered. Below the `abstainThreshold` setting a task is blocked before
 * any agent runs.
 */

export type SourceName = "repo_map" | "recent_changes" | "open_pr" | "history"

export const WEIGHTS: Readonly<Record<SourceName, number>> = { repo_map: 0.4, recent_changes: 0.2, open_pr: 0.15, history: 0.25 }

export interface SourceResult {
  readonly source: SourceName
  /** 0–1, or null when the source could not answer. */
  readonly score: number | null
  readonly warning?: string | undefined
}

export interface Reality {
  /** 0–100; null when no source answered. */
  readonly score: number | null
  /** 0–1: the share of the weight whose source answered. */
  readonly confidence: number
  readonly warnings: ReadonlyArray<string>
  readonly sources: ReadonlyArray<SourceResult>
}

/** Weighted mean of the sources that answered (their weights renormalised). */
export const combine = (sources: ReadonlyArray<SourceResult>): Reality => {
  const answered = sources.filter((s) => s.score !== null)
  const weight = answered.reduce((w, s) => w + WEIGHTS[s.source], 0)
  const score = weight === 0 ? null : Math.round(100 * answered.reduce((sum, s) => sum + WEIGHTS[s.source] * s.score!, 0) / weight)
  return {
    score,
    confidence: Math.round(100 * weight) / 100,
    warnings: sources.flatMap((s) => (s.warning === undefined ? [] : [s.warning])),
    sources
  }
}

/**
 * Code identifiers a task names: `backticked` terms, CamelCase and snake_case words, dotted calls
 * (`client.fetch`) and file paths with an extension. Plain English words are not identifiers.
 */
export const identifiers = (text: string): ReadonlyArray<string> => {
  const found = new Set<string>()
  for (const m of text.matchAll(/`([^`\n]{2,80})`/g)) found.add(m[1]!.replace(/\(.*$/, "").trim())
  for (const m of text.matchAll(/\b[\w./-]+\.(?:ts|tsx|js|jsx|py|go|rs|java|kt|rb|php|cs|c|h|cpp|sql|sh|md|json|ya?ml)\b/g)) found.add(m[0])
  for (const m of text.matchAll(/\b(?:[a-z]+[A-Z]\w*|[A-Z][a-z0-9]+[A-Z]\w*|[a-z0-9]+_[a-z0-9_]+|[A-Za-z_]\w*\.[A-Za-z_]\w*)\b/g)) found.add(m[0])
  return [...found].filter((s) => s.length >= 3 && !/^(e\.g|i\.e)$/i.test(s))
}

const PATH = /\.(?:ts|tsx|js|jsx|py|go|rs|java|kt|rb|php|cs|c|h|cpp|sql|sh|md|json|ya?ml)$/

/** What to look for in the map: a file's base name, or a dotted name's last member. */
const lookupName = (name: string) => (PATH.test(name) ? name.split("/").at(-1)! : name.split(".").at(-1)!)

/** Repo-map source: the share of identifiers whose last segment appears in the map (symbols or paths). */
export const mapSource = (taskText: string, mapText: string | null): SourceResult => {
  if (mapText === null) return { source: "repo_map", score: null, warning: "no repo map" }
  const names = identifiers(taskText)
  if (names.length === 0) return { source: "repo_map", score: null, warning: "the task names no code identifiers" }
  const missing = names.filter((n) => !mapText.includes(lookupName(n)))
  return {
    source: "repo_map",
    score: (names.length - missing.length) / names.length,
    ...(missing.length === 0 ? {} : { warning: `not found in the code: ${missing.slice(0, 8).join(", ")}` })
  }
}

/** Recent-changes source: the share of the task's named files (or identifiers' files) changed in 14 days; any overlap counts fully. */
export const recentSource = (taskText: string, changedFiles: ReadonlyArray<string> | null): SourceResult => {
  if (changedFiles === null) return { source: "recent_changes", score: null, warning: "no git history" }
  if (changedFiles.length === 0) return { source: "recent_changes", score: 0.5 }
  const names = identifiers(taskText).map((n) => n.split("/").at(-1)!.replace(/\.\w+$/, "").toLowerCase())
  if (names.length === 0) return { source: "recent_changes", score: null }
  const touched = names.some((n) => changedFiles.some((f) => f.toLowerCase().includes(n)))
  return { source: "recent_changes", score: touched ? 1 : 0.3 }
}

/** History source: the forecast's success probability of similar tasks. */
export const historySource = (probability: number | null): SourceResult =>
  probability === null ? { source: "history", score: null } : { source: "history", score: probability, ...(probability < 0.4 ? { warning: "similar tasks mostly failed" } : {}) }

/** Open-PR source: an open PR on the branch means the work is real and under way. */
export const prSource = (open: boolean | null): SourceResult =>
  open === null ? { source: "open_pr", score: null } : { source: "open_pr", score: open ? 1 : 0.5 }
