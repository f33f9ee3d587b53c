/**
 * Child processes as scoped resources (the one core module over execa). A child is started as the
 * leader of its own process group (`detached: true`), so everything it spawns — shells, `sleep`s,
 * language servers, an agent CLI's tool calls — shares its group id. Closing the scope (or interrupting
 * the fiber that owns it) terminates the whole group: SIGTERM to `-pid`, then SIGKILL to `-pid` after
 * `killGraceMs` if any member is still alive. Nothing outlives its scope: after a SIGKILL of this very
 * process (no finalizer can run then) the group's supervisor kills it (see Supervisor.ts).
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
import * as fs from "node:fs"
import * as path from "node:path"
import * as readline from "node:readline"
import { hasExited, listPids, readProcStat } from "./ProcStat.js"
import * as Supervisor from "./Supervisor.js"

/**
 * A child could not be started (`NotFound`: no such executable; `SpawnFailed`: the system refused,
 * e.g. `E2BIG` for an argument list over the kernel's limit), or its output could not be read.
 */
export class ProcessError extends Schema.TaggedError<ProcessError>()("ProcessError", {
  command: Schema.String,
  reason: Schema.Literal("NotFound", "SpawnFailed", "OutputFailed"),
  /** The system's error code (`ENOENT`, `E2BIG`, `EACCES`, …) when there is one. */
  code: Schema.optional(Schema.String),
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    const what = this.reason === "NotFound" ? "not found:" : this.reason === "SpawnFailed" ? "could not start" : "could not read the output of"
    const detail = this.reason === "NotFound" ? "" : this.code !== undefined ? ` (${this.code})` : this.cause instanceof Error ? `: ${this.cause.message}` : ""
    return `${what} ${this.command.length > 200 ? `${this.command.slice(0, 199)}…` : this.command}${detail}`
  }
}

/** The executable `file` resolves to (an absolute or relative path, or a name on `PATH`), or null. */
export const resolveExecutable = (file: string, searchPath: string, cwd: string): string | null => {
  const candidates = file.includes("/") ? [path.resolve(cwd, file)] : searchPath.split(":").filter((d) => d !== "").map((d) => path.resolve(cwd, d, file))
  return candidates.find((candidate) => {
    try {
      fs.accessSync(candidate, fs.constants.X_OK)
      return fs.statSync(candidate).isFile()
    } catch {
      return false
    }
  }) ?? null
}

export interface SpawnOptions {
  readonly cwd?: string | undefined
  /** Added to the parent's environment (or the whole environment with `extendEnv: false`). */
  readonly env?: Readonly<Record<string, string>> | undefined
  readonly extendEnv?: boolean | undefined
  /** Text written to stdin, which is then closed (default: stdin is ignored). Keeps prompts out of argv. */
  readonly input?: string | undefined
  /** Stdin is a pipe left open for the group's life: a child reading it ends when this process does. */
  readonly holdStdin?: boolean | undefined
  /** `"pipe"` (default) exposes `stdout`/`stderr` as line streams, which must be consumed; `"ignore"` discards them. */
  readonly output?: "pipe" | "ignore" | undefined
  /** Run as this user and group (a root process starting PostgreSQL as `postgres`). */
  readonly uid?: number | undefined
  readonly gid?: number | undefined
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
    Effect.gen(function*() {
      const cwd = options.cwd ?? process.cwd()
      // Resolved here, because the supervisor would turn a missing executable into an exit code. With
      // an inherited PATH (not ours to read) a name is left to the supervisor's own lookup.
      const searchPath = options.env?.PATH
      const resolved = searchPath === undefined && !file.includes("/") ? file : resolveExecutable(file, searchPath ?? "", cwd)
      if (resolved === null) return yield* new ProcessError({ command, reason: "NotFound", code: "ENOENT" })
      const wrapped = Supervisor.wrap(resolved, args, cwd)
      const child = execa(wrapped.file, wrapped.args, {
        cwd,
        ...(options.env === undefined ? {} : { env: options.env }),
        extendEnv: options.extendEnv ?? true,
        ...(options.uid === undefined ? {} : { uid: options.uid }),
        ...(options.gid === undefined ? {} : { gid: options.gid }),
        detached: true,
        reject: false,
        buffer: false,
        stdin: options.input === undefined && options.holdStdin !== true ? "ignore" : "pipe",
        stdout: output,
        stderr: output
      })
      if (child.pid === undefined) {
        // The system refused the start; its reason arrives with the (failed) result.
        const result = yield* Effect.promise(() => child)
        const code = typeof result.code === "string" ? result.code : undefined
        return yield* new ProcessError({ command, reason: code === "ENOENT" ? "NotFound" : "SpawnFailed", code, cause: result.cause })
      }
      if (options.input !== undefined) {
        // A child that exits without reading all of it closes the pipe: that is not our failure.
        child.stdin?.on("error", () => {})
        child.stdin?.end(options.input)
      }
      return { child, pid: child.pid }
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
