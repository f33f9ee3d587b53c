/**
 * Which DevServer processes use the embedded PostgreSQL of a data folder: one file per process in
 * `postgres.users/`, named by pid and holding its start time (so a reused pid is not taken for a
 * live user). Read and written only under the data folder's `postgres.lock`.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { processAlive } from "../internal/processAlive.js"
import { readProcStat } from "../process/ProcStat.js"

const startTimeOf = (pid: number): string => String(readProcStat(pid)?.startTime ?? "")

const alive = (pid: number, startTime: string): boolean => {
  if (!processAlive(pid)) return false
  const now = startTimeOf(pid)
  return now === "" || startTime === "" || now === startTime
}

export const register = (dir: string, pid = process.pid) => {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, String(pid)), startTimeOf(pid))
}

export const unregister = (dir: string, pid = process.pid) => fs.rmSync(path.join(dir, String(pid)), { force: true })

/** Pids of live users other than this process; entries of dead processes are removed. */
export const others = (dir: string): Array<number> =>
  (fs.existsSync(dir) ? fs.readdirSync(dir) : []).flatMap((name) => {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return []
    const file = path.join(dir, name)
    let startTime = ""
    try {
      startTime = fs.readFileSync(file, "utf8").trim()
    } catch {
      return []
    }
    if (alive(pid, startTime)) return [pid]
    fs.rmSync(file, { force: true })
    return []
  })
