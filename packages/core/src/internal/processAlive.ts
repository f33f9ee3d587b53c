import { Effect, Schedule } from "effect"

/** Whether a process with this pid exists (EPERM means it exists but belongs to someone else). */
export const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** Waits until `pid` has exited, polling every 50 ms, for at most `timeoutMs`; succeeds with whether it did. */
export const waitForExit = (pid: number, timeoutMs: number): Effect.Effect<boolean> =>
  Effect.suspend(() => (processAlive(pid) ? Effect.fail("alive" as const) : Effect.succeed(true))).pipe(
    Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo(`${timeoutMs} millis`))),
    Effect.orElseSucceed(() => false)
  )
