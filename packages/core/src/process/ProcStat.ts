/**
 * Linux `/proc/<pid>/stat`, the one place that parses it: "pid (comm) state ppid pgrp …", where comm
 * may hold spaces and parentheses, so fields start after the last ')'. Without /proc (macOS) or
 * for a process that is gone, readers get null.
 */
import * as fs from "node:fs"

export interface ProcStat {
  readonly pid: number
  /** R, S, D, … ; Z (zombie: exited, not reaped) and X (dead) mean the process no longer runs. */
  readonly state: string
  readonly ppid: number
  readonly pgid: number
  /** Clock ticks after boot when it started: with the pid, names one process (pids are reused). */
  readonly startTime: number
}

/** The stat of `pid`, or null when it is gone or there is no /proc. */
export const readProcStat = (pid: number): ProcStat | null => {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ")
    const [state = "", ppid, pgid] = fields
    return { pid, state, ppid: Number(ppid), pgid: Number(pgid), startTime: Number(fields[19]) }
  } catch {
    return null
  }
}

/** Whether a stat describes a process that has exited (zombie or dead). */
export const hasExited = (stat: ProcStat): boolean => stat.state === "Z" || stat.state === "X"

/** Every pid in /proc, or null when there is no /proc. */
export const listPids = (): Array<number> | null => {
  try {
    return fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number)
  } catch {
    return null
  }
}
