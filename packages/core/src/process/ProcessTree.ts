/**
 * Descendants that left their parent's process group. Some agent CLIs start their shell tools with
 * `detached: true` (Gemini CLI does), so killing the CLI's group would leave the tool's children
 * running. `terminateTree` walks `/proc` from a leader, and terminates every other process
 * group found below it, before the leader's own group is killed (after that they would be orphans
 * with no visible link to the run). Linux only; elsewhere it finds nothing.
 */
import { Effect } from "effect"
import { terminateGroup } from "./ProcessGroup.js"
import { listPids, type ProcStat, readProcStat } from "./ProcStat.js"
import * as Supervisor from "./Supervisor.js"

type Stat = ProcStat

/** Process groups of `leader`'s descendants other than the leader's own group. */
export const foreignGroups = (leader: number): ReadonlyArray<number> => {
  const pids = listPids() ?? []
  const children = new Map<number, Array<Stat>>()
  for (const stat of pids.map(readProcStat)) {
    if (stat === null) continue
    const list = children.get(stat.ppid) ?? []
    list.push(stat)
    children.set(stat.ppid, list)
  }
  const groups = new Set<number>()
  const stack = [leader]
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (child.pgid !== leader) groups.add(child.pgid)
      stack.push(child.pid)
    }
  }
  return [...groups]
}

/**
 * Terminates `leader`'s group (with `terminateLeader`) and, at the same time, every process group its
 * descendants moved into, found before any signal is sent. Never fails.
 */
export const terminateTree = (leader: number, terminateLeader: Effect.Effect<void>, graceMs = 1000): Effect.Effect<void> =>
  Effect.suspend(() => {
    const groups = foreignGroups(leader)
    return Effect.all([terminateLeader, ...groups.map((pgid) => terminateGroup(pgid, graceMs))], { concurrency: "unbounded", discard: true })
  })

/**
 * Kills every process group still working in `folder` (started there by any DevServer process, this
 * one or a dead one), with the groups its members moved into. Run before a task's folder is handed to
 * a new run: two runs must never work in one folder. Returns how many groups there were.
 */
export const reapFolder = (folder: string, graceMs = 1000): Effect.Effect<number> =>
  Supervisor.reap(folder, (pgid) => terminateTree(pgid, terminateGroup(pgid, graceMs), graceMs))
