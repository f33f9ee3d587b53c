/**
 * Child processes as scoped resources (the one core module over execa). A child is started as the
 * leader of its own process group (`detached: true`), so everything it spawns — shells, `sleep`s,
 * language servers, an agent CLI's tool calls — shares its group id. Closing the scope (or interrupting
 * the fiber that owns it) terminates the whole group: SIGTERM to `-pid`, then SIGKILL to `-pid` after
 * `killGraceMs` if any member is still alive. Nothing outlives its scope, except after a SIGKILL of
 * this very process (no finalizer can run then).
 *
 * ```ts
 * Effect.scoped(Effect.gen(function*() {
 *   const child = yield* ProcessGroup.spawn("claude", ["-p", prompt], { cwd })
 *   yield* child.stdout.pipe(Stream.runForEach((line) => Console.log(line)))
 *   return yield* child.exit
 * }))
 * ```
 */
import { Effect, Schema, type Scope, Stream } from "effect"
import { execa } from "execa"
import { hasExited, listPids, readProcStat } from "./ProcStat.js"
import * as readline from "node:readline"

/** A child could not be started, or its output could not be read. */
export class ProcessError extends Schema.TaggedError<ProcessError>()("ProcessError", {
  command: Schema.String,
  reason: Schema.Literal("SpawnFailed", "OutputFailed"),
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    const detail = this.cause instanceof Error ? `: ${this.cause.message}` : ""
    return `${this.reason === "SpawnFailed" ? "could not start" : "could not read the output of"} ${this.command}${detail}`
  }
}

export interface SpawnOptions {
  readonly cwd?: string | undefined
  /** Added to the parent's environment (or the whole environment with `extendEnv: false`). */
  readonly env?: Readonly<Record<string, string>> | undefined
  readonly extendEnv?: boolean | undefined
  /** Text written to stdin, which is then closed (default: stdin is ignored). */
  readonly input?: string | undefined
  /** `"pipe"` (default) exposes `stdout`/`stderr` as line streams, which must be consumed; `"ignore"` discards them. */
  readonly output?: "pipe" | "ignore" | undefined
  /** Time between SIGTERM and SIGKILL when the group is terminated (default 1,000 ms). */
  readonly killGraceMs?: number | undefined
}

export interface ExitStatus {
  /** The leader's exit code; undefined when a signal ended it. */
  readonly exitCode: number | undefined
  readonly signal: string | undefined
}

export interface ProcessGroup {
  /** The leader's pid, which is also the process group id. */
  readonly pid: number
  /** Lines of the leader's stdout (empty with `output: "ignore"`). */
  readonly stdout: Stream.Stream<string, ProcessError>
  readonly stderr: Stream.Stream<string, ProcessError>
  /** Waits for the leader to exit; a non-zero code is a value, not an error. */
  readonly exit: Effect.Effect<ExitStatus>
  /** Terminates the whole group now (SIGTERM, grace, SIGKILL) and waits until no member is left. */
  readonly terminate: Effect.Effect<void>
}

/** Pids of group `pgid` that are still running (zombies excluded), from /proc; undefined without /proc. */
const procMembers = (pgid: number): Array<number> | undefined => {
  const pids = listPids()
  if (pids === null) return undefined
  return pids.flatMap((pid) => {
    const stat = readProcStat(pid) // null: it exited while we looked
    return stat !== null && stat.pgid === pgid && !hasExited(stat) ? [pid] : []
  })
}

/**
 * Whether any process of group `pgid` is still running. Killed members whose parent has not reaped
 * them yet (zombies: an init that does not reap, as in some containers) count as gone.
 */
export const groupAlive = (pgid: number): boolean => {
  const members = procMembers(pgid)
  if (members !== undefined) return members.length > 0
  try {
    process.kill(-pgid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"
  }
}

const signalGroup = (pgid: number, signal: NodeJS.Signals) =>
  Effect.sync(() => {
    try {
      process.kill(-pgid, signal)
    } catch {
      // ESRCH: the group is already gone, which is what we want.
    }
  })

const waitGroupGone = (pgid: number, timeoutMs: number) =>
  Effect.gen(function*() {
    const deadline = Date.now() + timeoutMs
    while (groupAlive(pgid) && Date.now() < deadline) yield* Effect.promise(() => new Promise((r) => setTimeout(r, 25)))
    return !groupAlive(pgid)
  })

/** Terminates group `pgid`: SIGTERM, up to `graceMs` to exit, then SIGKILL. Never fails. */
export const terminateGroup = (pgid: number, graceMs = 1000): Effect.Effect<void> =>
  Effect.gen(function*() {
    if (!groupAlive(pgid)) return
    yield* signalGroup(pgid, "SIGTERM")
    if (yield* waitGroupGone(pgid, graceMs)) return
    yield* signalGroup(pgid, "SIGKILL")
    yield* waitGroupGone(pgid, 2000)
  }).pipe(Effect.uninterruptible)

/** Starts `file` with `args` as a new process group owned by the current scope. */
export const spawn = (file: string, args: ReadonlyArray<string>, options: SpawnOptions = {}): Effect.Effect<ProcessGroup, ProcessError, Scope.Scope> => {
  const command = [file, ...args].join(" ")
  const output = options.output === "ignore" ? "ignore" : "pipe"
  return Effect.acquireRelease(
    Effect.try({
      try: () => {
        const child = execa(file, [...args], {
          ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
          ...(options.env === undefined ? {} : { env: options.env }),
          extendEnv: options.extendEnv ?? true,
          detached: true,
          reject: false,
          buffer: false,
          stdin: options.input === undefined ? "ignore" : "pipe",
          stdout: output,
          stderr: output
        })
        if (options.input !== undefined) child.stdin?.end(options.input)
        if (child.pid === undefined) throw new Error("no pid (the executable may not exist)")
        return { child, pid: child.pid }
      },
      catch: (cause) => new ProcessError({ command, reason: "SpawnFailed", cause })
    }),
    ({ pid }) => terminateGroup(pid, options.killGraceMs)
  ).pipe(Effect.map(({ child, pid }): ProcessGroup => {
    const lines = (from: NodeJS.ReadableStream | null) =>
      from === null
        ? Stream.empty
        : Stream.fromAsyncIterable(readline.createInterface({ input: from, crlfDelay: Infinity }), (cause) =>
          new ProcessError({ command, reason: "OutputFailed", cause }))
    const exit = Effect.promise(() => child).pipe(
      Effect.map((result) => ({ exitCode: result.exitCode, signal: result.signal }))
    )
    return { pid, stdout: lines(child.stdout), stderr: lines(child.stderr), exit, terminate: terminateGroup(pid, options.killGraceMs) }
  }))
}
