/**
 * The storm's ledger: every task's command appends `start|tick|end KEY PID PPID MS` lines to one file
 * (its own pid, its parent's pid read fresh from /proc, and the wall clock in ms), a tick every
 * 100 ms. A run is one command process: from its start to its last line. A run whose parent pid
 * changes was orphaned (its worker died and it lived on).
 */
import * as fs from "node:fs"

/** The shell command of a storm task: `ticks` ticks of 100 ms, each line appended to `ledger`; it writes a file in its worktree. */
export const command = (ledger: string, key: string, ticks: number) => {
  const line = (event: string) => `read -r _ _ _ P _ < /proc/$$/stat; echo "${event} ${key} $$ $P $(date +%s%3N)" >> '${ledger}'`
  // The task must change its worktree (an attempt that changes nothing fails).
  return [line("start"), "echo $$ >> storm-output.txt", `i=0; while [ $i -lt ${ticks} ]; do sleep 0.1; ${line("tick")}; i=$((i+1)); done`, line("end")].join("\n")
}

export interface LedgerRun {
  readonly key: string
  readonly pid: number
  readonly start: number
  last: number
  ended: boolean
  readonly parent: number
  /** When its parent pid first changed (its worker died under it), or null. */
  orphanedAt: number | null
}

export const read = (ledger: string): ReadonlyArray<LedgerRun> => {
  const runs = new Map<string, LedgerRun>()
  const text = fs.existsSync(ledger) ? fs.readFileSync(ledger, "utf8") : ""
  for (const line of text.split("\n")) {
    const [event, key, pid, ppid, ms] = line.trim().split(" ")
    if (ms === undefined || key === undefined) continue
    const id = `${key}:${pid}`
    const at = Number(ms)
    const run = runs.get(id) ?? { key, pid: Number(pid), start: at, last: at, ended: false, parent: Number(ppid), orphanedAt: null }
    runs.set(id, run)
    run.last = Math.max(run.last, at)
    if (event === "end") run.ended = true
    if (Number(ppid) !== run.parent && run.orphanedAt === null) run.orphanedAt = at
  }
  return [...runs.values()]
}

/** The largest number of `runs` alive at one instant (an end at the same instant as a start comes first). */
export const maxParallel = (runs: ReadonlyArray<LedgerRun>) => {
  const points = runs.flatMap((r) => [[r.start, 1], [r.last, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let now = 0
  let max = 0
  for (const [, delta] of points) max = Math.max(max, (now += delta))
  return max
}

/** Pairs of runs of the same task alive at the same time. */
export const overlappingRuns = (runs: ReadonlyArray<LedgerRun>) => {
  const byKey = new Map<string, Array<LedgerRun>>()
  for (const run of runs) byKey.set(run.key, [...(byKey.get(run.key) ?? []), run])
  let pairs = 0
  for (const group of byKey.values()) {
    const sorted = [...group].sort((a, b) => a.start - b.start)
    sorted.forEach((run, i) => (pairs += sorted.slice(i + 1).filter((later) => later.start < run.last).length))
  }
  return pairs
}

/** Milliseconds from each kill to the next start of each task the killed worker held. */
export const rerunDelays = (runs: ReadonlyArray<LedgerRun>, kills: ReadonlyArray<{ readonly at: number; readonly held: ReadonlyArray<string> }>) =>
  kills.flatMap(({ at, held }) =>
    held.flatMap((key) => {
      const next = runs.filter((r) => r.key === key && r.start > at).sort((a, b) => a.start - b.start)[0]
      return next === undefined ? [] : [next.start - at]
    })
  )

export const summary = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? null : { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)!, n: sorted.length }
}
