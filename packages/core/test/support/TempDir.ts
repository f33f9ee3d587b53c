/**
 * Temporary folders of tests, named `<prefix><pid>-XXXXXX` after the process that made them. A test
 * run that is killed never runs its `afterAll`, so each `make` first removes the folders of the same
 * prefix whose process is gone — stopping an embedded PostgreSQL still running in one (it runs as a
 * daemon and would otherwise outlive its folder).
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { processAlive } from "../../src/internal/processAlive.js"

const stopPostgresIn = (dir: string) => {
  for (const pidFile of [path.join(dir, "data", "postgres", "postmaster.pid"), path.join(dir, "postgres", "postmaster.pid")]) {
    try {
      const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0])
      if (pid > 0 && fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(path.dirname(pidFile))) process.kill(pid, "SIGQUIT")
    } catch {
      // no server there, or it is gone
    }
  }
}

/** Removes the folders `<prefix><pid>-*` of processes that no longer run. */
export const sweep = (prefix: string) => {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1])
    if (!name.startsWith(prefix) || !Number.isInteger(pid) || processAlive(pid)) continue
    const dir = path.join(os.tmpdir(), name)
    stopPostgresIn(dir)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** A new temporary folder `<prefix><pid>-XXXXXX` (after sweeping leftovers of killed runs). */
export const make = (prefix: string): string => {
  sweep(prefix)
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}${process.pid}-`))
}
