/**
 * Ties a child's process group to the life of the DevServer process that started it. The child runs
 * under a tiny `/bin/sh` supervisor that leads the group: `setpriv --pdeathsig USR1` (util-linux, on
 * every Debian/Ubuntu) asks the kernel to signal the supervisor when its parent dies — also on a
 * SIGKILL, when no finalizer of ours can run — and the supervisor then SIGKILLs its whole group.
 * Why this and not the alternatives: Node cannot call prctl itself; a Node supervisor per child costs
 * 40 MB and 50 ms and would have to poll; a reaper that runs after the death leaves the orphans working
 * until some process notices. The kernel's signal is immediate and needs nothing else alive.
 *
 * The supervisor checks that its parent is still the process that spawned it (otherwise the parent
 * died before the signal was armed) and carries a tag in its argv (`$0`), the child's working folder,
 * so `reap` can find and kill a group still working in a folder — the last line of defence before a
 * rerun takes the folder (and the only one where setpriv is missing, e.g. macOS).
 *
 * Without `/bin/sh` or /proc nothing is wrapped or found.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import { listPids, readProcStat } from "./ProcStat.js"

const SETPRIV = "/usr/bin/setpriv"
const SHELL = "/bin/sh"
const TAG = "devserver-group:"

/**
 * `$1` is the parent's pid, the rest the command. The command's stdin is passed explicitly (an
 * asynchronous command's stdin is /dev/null otherwise). The exit status is the command's.
 */
const SCRIPT = [
  "[ \"$PPID\" = \"$1\" ] || exit 125",
  "shift",
  "trap 'kill -KILL 0' USR1",
  "exec 3<&0",
  "\"$@\" <&3 3<&- &",
  "exec 3<&-",
  "wait $!"
].join("\n")

const linux = process.platform === "linux" && fs.existsSync(SHELL) && fs.existsSync("/proc/self")
const pdeathsig = linux && fs.existsSync(SETPRIV)

/** Whether children are killed with their parent (false: only `reap` finds them). */
export const tiedToParent = pdeathsig

/** The argv that runs `file args` supervised, tagged with `folder`. */
export const wrap = (file: string, args: ReadonlyArray<string>, folder: string | undefined): { file: string; args: Array<string> } => {
  if (!linux) return { file, args: [...args] }
  const sh = [SHELL, "-c", SCRIPT, `${TAG}${folder ?? ""}`, String(process.pid), file, ...args]
  return pdeathsig ? { file: SETPRIV, args: ["--pdeathsig", "USR1", "--", ...sh] } : { file: SHELL, args: sh.slice(1) }
}

const commandLine = (pid: number): Array<string> | null => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")
  } catch {
    return null
  }
}

/** Process groups whose supervisor is tagged with `folder` (any DevServer process, dead or alive). */
export const groupsIn = (folder: string): Array<number> =>
  (listPids() ?? []).flatMap((pid) => {
    const argv = commandLine(pid)
    if (argv === null || argv[1] !== "-c" || argv[2] !== SCRIPT || argv[3] !== `${TAG}${folder}`) return []
    const stat = readProcStat(pid)
    return stat === null ? [] : [stat.pgid]
  })

/**
 * Kills every supervised group working in `folder` with `terminate` (one that walks the group's
 * descendants too). Returns how many there were.
 */
export const reap = (folder: string, terminate: (pgid: number) => Effect.Effect<void>): Effect.Effect<number> =>
  Effect.suspend(() => {
    const groups = groupsIn(folder)
    return Effect.as(Effect.forEach(groups, terminate, { concurrency: "unbounded", discard: true }), groups.length)
  })
