/**
 * The shared runner behind every CLI backend: an allow-listed environment, the config
 * home outside the worktree, the prompt on stdin (then closed), cwd = the worktree, output parsed line by line while the
 * agent runs (throttled events, raw lines to the run log), and the process group killed on timeout,
 * stall, max turns (for CLIs without the option) and interruption.
 */
import { Deferred, Effect, Fiber, Stream } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { masker } from "../logging/Mask.js"
import * as TaskLog from "../logging/TaskLog.js"
import * as ProcessGroup from "../process/ProcessGroup.js"
import * as ProcessTree from "../process/ProcessTree.js"
import * as EventThrottle from "../queue/EventThrottle.js"
import { AgentError, type AgentErrorClass, type AgentEvent, type AgentRequest, type AgentResult } from "./AgentBackend.js"
import type { Cli } from "./Cli.js"

export interface RunnerSettings {
  /** PATH given to agents. */
  readonly path: string
  /** LANG/LC_ALL given to agents. */
  readonly locale: string
  /** No output (stdout or stderr) for this long kills the run as `agent.stalled`. */
  readonly stallMs: number
  /** The same tool call this many times in a row kills the run as `agent.stalled`. */
  readonly repeatLimit: number
  /** The user's real home, where subscription logins live (linked into the run's home, never copied). */
  readonly loginHome: string | null
}

/**
 * The whole environment of an agent: nothing is inherited from the worker, so the database URL, forge
 * and Telegram tokens and other vendors' keys cannot leak; the vendor adds only its own variables.
 */
export const agentEnv = (settings: RunnerSettings, request: AgentRequest, vendorEnv: Record<string, string>): Record<string, string> => ({
  PATH: settings.path,
  HOME: request.configHome,
  // The CLIs' own temporary files (Claude Code's `claude-<uid>/`, Gemini CLI's error reports and shell
  // folders) stay in the run's home, never in the system's temporary folder.
  TMPDIR: tempDirOf(request),
  LANG: settings.locale,
  LC_ALL: settings.locale,
  TERM: "dumb",
  NO_COLOR: "1",
  ...vendorEnv
})

/** The run's temporary folder, inside its config home. */
export const tempDirOf = (request: AgentRequest): string => path.join(request.configHome, "tmp")

/** Vendor variables whose values are secrets (`*_KEY`, `*_TOKEN`, `*_SECRET`): masked in logs and events. */
const SECRET_NAME = /(KEY|TOKEN|SECRET)$/

/** Masks the given secret values in a line of output. */
export { masker }

type Stop = { readonly errorClass: AgentErrorClass; readonly excerpt: string }

const prepareHome = (cli: Cli, settings: RunnerSettings, request: AgentRequest, files: Record<string, string>) =>
  Effect.try({
    try: () => {
      fs.mkdirSync(request.configHome, { recursive: true, mode: 0o700 })
      fs.mkdirSync(tempDirOf(request), { recursive: true, mode: 0o700 })
      for (const [rel, content] of Object.entries(files)) {
        const file = path.join(request.configHome, rel)
        fs.mkdirSync(path.dirname(file), { recursive: true })
        fs.writeFileSync(file, content, { mode: 0o600 })
      }
      if (request.billingMode === "subscription" && settings.loginHome !== null) {
        for (const { from, to } of cli.loginFiles) {
          const source = path.join(settings.loginHome, from)
          const target = path.join(request.configHome, to)
          if (!fs.existsSync(source) || fs.existsSync(target)) continue
          fs.mkdirSync(path.dirname(target), { recursive: true })
          fs.symlinkSync(source, target)
        }
      }
      fs.mkdirSync(path.dirname(request.logFile), { recursive: true })
      return fs.createWriteStream(request.logFile, { flags: "a" })
    },
    catch: (cause) => new AgentError({ vendor: cli.vendor, reason: "LogFailed", detail: String(cause), cause })
  })

export const run = (cli: Cli, settings: RunnerSettings, request: AgentRequest): Effect.Effect<AgentResult, AgentError> =>
  Effect.scoped(Effect.gen(function*() {
    const launch = cli.launch(request)
    const log = yield* Effect.acquireRelease(prepareHome(cli, settings, request, launch.files), (stream) =>
      Effect.async<void>((resume) => void stream.end(() => resume(Effect.void))))
    const parser = cli.parser()
    // The agent may print its own key (e.g. by running `env`): never let it reach the log or events.
    const mask = masker(Object.entries(launch.env).filter(([name, value]) => SECRET_NAME.test(name) && value.length >= 8).map(([, value]) => value))
    // Batches hold only what the parser produced (agent events) plus the cap's `log_line`.
    const throttle = yield* EventThrottle.makeWith(
      (batch) => Effect.forEach(batch as ReadonlyArray<AgentEvent>, request.onEvent, { discard: true }),
      { maxPerBatch: 20, maxText: 4000 }
    )
    const stop = yield* Deferred.make<Stop>()
    const startedAt = new Date()
    let lastOutput = Date.now()
    let repeated = { signature: "", count: 0 }

    // The run log, and the task's own log when the pipeline names one (both get masked lines only).
    const taskLog = yield* TaskLog.CurrentTaskLog
    const write = (text: string) => {
      log.write(text)
      if (taskLog !== null) TaskLog.append(taskLog, text)
    }
    write(`# ${startedAt.toISOString()} ${cli.vendor} ${path.basename(launch.file)} in ${request.cwd}\n`)
    const child = yield* ProcessGroup.spawn(launch.file, launch.args, {
      cwd: request.cwd,
      env: agentEnv(settings, request, launch.env),
      extendEnv: false,
      input: launch.stdin
    }).pipe(Effect.mapError((e) =>
      new AgentError({ vendor: cli.vendor, reason: e.reason === "NotFound" ? "NotInstalled" : "SpawnFailed", detail: e.message, cause: e })
    ))
    // Runs before the group is killed (finalizers run in reverse): tool processes that left the
    // CLI's process group are still findable as its descendants now, not after.
    const terminate = ProcessTree.terminateTree(child.pid, child.terminate)
    yield* Effect.addFinalizer(() => terminate)

    const consume = (stream: "stdout" | "stderr") =>
      Stream.runForEach(stream === "stdout" ? child.stdout : child.stderr, (raw) =>
        Effect.gen(function*() {
          const line = mask(raw)
          lastOutput = Date.now()
          write(stream === "stdout" ? `${line}\n` : `[stderr] ${line}\n`)
          const parsed = stream === "stdout" ? parser.stdout(line) : parser.stderr(line)
          yield* Effect.forEach(parsed.events, throttle.offer, { discard: true })
          for (const signature of parsed.toolSignatures) {
            repeated = signature === repeated.signature ? { signature, count: repeated.count + 1 } : { signature, count: 1 }
            if (repeated.count >= settings.repeatLimit) {
              yield* Deferred.succeed(stop, { errorClass: "agent.stalled" as const, excerpt: `the same tool call ${repeated.count} times in a row: ${signature.slice(0, 200)}` })
            }
          }
          if (cli.enforcesMaxTurns && request.maxTurns !== null && parser.turnsSoFar() > request.maxTurns) {
            yield* Deferred.succeed(stop, { errorClass: "agent.max_turns" as const, excerpt: `reached max turns (${request.maxTurns})` })
          }
        })).pipe(Effect.ignore)
    const readers = yield* Effect.forkScoped(Effect.all([consume("stdout"), consume("stderr")], { concurrency: 2, discard: true }))

    const tick = Math.min(1000, Math.max(100, Math.floor(settings.stallMs / 10)))
    const watcher = Effect.gen(function*() {
      for (;;) {
        yield* Effect.sleep(tick)
        const now = Date.now()
        if (now - lastOutput >= settings.stallMs) {
          return { errorClass: "agent.stalled", excerpt: `no output for ${Math.round((now - lastOutput) / 1000)} s` } satisfies Stop
        }
        if (now - startedAt.getTime() >= request.timeoutMs) {
          return { errorClass: "agent.timeout", excerpt: `no result within ${Math.round(request.timeoutMs / 1000)} s` } satisfies Stop
        }
      }
    })
    const ended = yield* Effect.raceFirst(
      Effect.map(child.exit, (status) => ({ _tag: "exited" as const, status })),
      Effect.raceFirst(watcher, Deferred.await(stop)).pipe(Effect.map((reason) => ({ _tag: "stopped" as const, reason })))
    )
    if (ended._tag === "stopped") {
      write(`# stopped: ${ended.reason.errorClass}: ${ended.reason.excerpt}\n`)
      yield* terminate
    }
    const status = ended._tag === "exited" ? ended.status : yield* child.exit
    const endedAt = new Date()
    // A grandchild may still hold the pipes open; do not wait for it forever.
    yield* Fiber.join(readers).pipe(Effect.timeout("2 seconds"), Effect.ignore)
    yield* throttle.flush
    const exitCode = status.exitCode ?? null
    const { sawResult: _, ...parsed } = parser.outcome(exitCode)
    write(`# exit ${exitCode ?? status.signal} at ${endedAt.toISOString()}\n`)
    const stopped = ended._tag === "stopped" ? ended.reason : null
    return {
      ...parsed,
      exitCode,
      errorClass: stopped?.errorClass ?? parsed.errorClass,
      errorSubtype: stopped ? stopped.errorClass : parsed.errorSubtype,
      errorExcerpt: stopped?.excerpt ?? parsed.errorExcerpt,
      startedAt,
      endedAt
    } satisfies AgentResult
  }))
