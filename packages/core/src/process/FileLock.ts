/**
 * An exclusive lock on a file shared by every process on the machine (flock(2)), for work that two
 * DevServer processes must never do at once, like cloning or fetching one repo cache. Node cannot
 * call flock itself, so a `flock` child (util-linux) takes the lock and holds it while it waits on
 * a stdin that this process keeps open: the kernel releases the lock when the child ends, which it
 * does when the scope closes (the group is killed) and when this process dies in any way (its end of
 * the pipe closes, and the supervisor's parent-death signal). Waiting is interruptible.
 */
import { Effect, Stream } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as ProcessGroup from "./ProcessGroup.js"

/** Runs `effect` holding the lock on `file` (created when missing). `searchPath` finds `flock`. */
export const withLock = <A, E, R>(file: string, searchPath: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | ProcessGroup.ProcessError, R> =>
  Effect.scoped(Effect.gen(function*() {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const holder = yield* ProcessGroup.spawn("flock", ["--exclusive", file, "-c", "echo locked && exec cat"], {
      env: { PATH: searchPath },
      extendEnv: false,
      holdStdin: true,
      killGraceMs: 200
    })
    const first = yield* Stream.runHead(holder.stdout)
    if (first._tag === "None" || first.value !== "locked") {
      const status = yield* holder.exit
      return yield* new ProcessGroup.ProcessError({ command: `flock ${file}`, reason: "SpawnFailed", code: `exit ${status.exitCode ?? status.signal}` })
    }
    return yield* effect
  }))
