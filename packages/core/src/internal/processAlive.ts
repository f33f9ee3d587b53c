import * as fs from "node:fs"
import { Effect, Schedule } from "effect"

/** A zombie has exited but was not reaped yet (its parent died too): signal 0 still reaches it. */
const isZombie = (pid: number): boolean => {
  try {
    // /proc/<pid>/stat: "pid (comm) S ..." — the state follows the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z"
  } catch {
    return false // no /proc (macOS): trust the signal
  }
}

/** Whether a process with this pid is running (EPERM: it exists but belongs to another user). */
export const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false
  }
  return !isZombie(pid)
}

/** Waits until `pid` has exited, polling every 50 ms, for at most `timeoutMs`; succeeds with whether it did. */
export const waitForExit = (pid: number, timeoutMs: number): Effect.Effect<boolean> =>
  Effect.suspend(() => (processAlive(pid) ? Effect.fail("alive" as const) : Effect.succeed(true))).pipe(
    Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo(`${timeoutMs} millis`))),
    Effect.orElseSucceed(() => false)
  )
