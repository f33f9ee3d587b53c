import { hasExited, readProcStat } from "../process/ProcStat.js"
import { Effect, Schedule } from "effect"

/** Whether a process with this pid is running (EPERM: it exists but belongs to another user). */
export const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false
  }
  // A zombie has exited but was not reaped (its parent died too): signal 0 still reaches it.
  const stat = readProcStat(pid)
  return stat === null || !hasExited(stat)
}

/** Waits until `pid` has exited, polling every 50 ms, for at most `timeoutMs`; succeeds with whether it did. */
export const waitForExit = (pid: number, timeoutMs: number): Effect.Effect<boolean> =>
  Effect.suspend(() => (processAlive(pid) ? Effect.fail("alive" as const) : Effect.succeed(true))).pipe(
    Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo(`${timeoutMs} millis`))),
    Effect.orElseSucceed(() => false)
  )
