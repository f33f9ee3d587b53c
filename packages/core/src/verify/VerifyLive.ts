/**
 * The real verifier: each step is `/bin/sh -c <command>` in the worktree, a process group of its own
 * (`ProcessGroup`), killed whole when its timeout passes or the fiber is interrupted (a cancel).
 * The environment is an allow-list (PATH, HOME, locale, CI=true): no database URL, token or key
 * of the worker reaches a build or test script.
 */
import { Config, Duration, Effect, Layer, Stream } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as ProcessGroup from "../process/ProcessGroup.js"
import * as EventThrottle from "../queue/EventThrottle.js"
import { type StepName, steps, tailChars, Verify, VerifyError, type VerifyEvent, type VerifyFailure, type VerifyRequest } from "./Verify.js"
import type { VerifyResult } from "../domain/Run.js"

export interface VerifySettings {
  /** Longest a single step may run (default 10 minutes). */
  readonly stepTimeout: Duration.Duration
  /** PATH of the commands. */
  readonly path: string
  /** LANG/LC_ALL of the commands. */
  readonly locale: string
  readonly shell: string
}

export const config: Config.Config<VerifySettings> = Config.all({
  stepTimeout: Config.duration("DEVSERVER_VERIFY_STEP_TIMEOUT").pipe(Config.withDefault(Duration.minutes(10))),
  path: Config.string("PATH").pipe(Config.withDefault("/usr/local/bin:/usr/bin:/bin")),
  locale: Config.string("DEVSERVER_AGENT_LOCALE").pipe(Config.withDefault("C.UTF-8")),
  shell: Config.succeed("/bin/sh")
})

/** The whole environment of a verification command. */
export const verifyEnv = (settings: VerifySettings, home: string): Record<string, string> => ({
  PATH: settings.path,
  HOME: home,
  LANG: settings.locale,
  LC_ALL: settings.locale,
  CI: "true",
  TERM: "dumb",
  NO_COLOR: "1"
})

const openLog = (request: VerifyRequest) =>
  Effect.acquireRelease(
    Effect.try({
      try: () => {
        fs.mkdirSync(path.dirname(request.logFile), { recursive: true })
        fs.mkdirSync(request.home, { recursive: true, mode: 0o700 })
        return fs.createWriteStream(request.logFile, { flags: "a" })
      },
      catch: (cause) => new VerifyError({ taskKey: request.taskKey, reason: "LogFailed", detail: String(cause), cause })
    }),
    (stream) => Effect.async<void>((resume) => void stream.end(() => resume(Effect.void)))
  )

export const make = (settings: VerifySettings) => {
  const runStep = (request: VerifyRequest, step: StepName, command: string) =>
    Effect.scoped(Effect.gen(function*() {
      const log = yield* openLog(request)
      const throttle = yield* EventThrottle.makeWith(
        (batch) => Effect.forEach(batch as ReadonlyArray<VerifyEvent>, request.onEvent, { discard: true }),
        { maxPerBatch: 20, maxText: 4000 }
      )
      let tail = ""
      const keep = (line: string) => {
        tail = `${tail}${line}\n`
        if (tail.length > tailChars * 2) tail = tail.slice(-tailChars)
      }
      const started = Date.now()
      log.write(`# ${new Date(started).toISOString()} verify ${step}: ${command}\n`)
      const child = yield* ProcessGroup.spawn(settings.shell, ["-c", command], {
        cwd: request.cwd,
        env: verifyEnv(settings, request.home),
        extendEnv: false
      }).pipe(Effect.mapError((e) => new VerifyError({ taskKey: request.taskKey, reason: "SpawnFailed", detail: e.message, cause: e })))
      const consume = (stream: "stdout" | "stderr") =>
        Stream.runForEach(stream === "stdout" ? child.stdout : child.stderr, (line) =>
          Effect.sync(() => {
            keep(line)
            log.write(stream === "stdout" ? `${line}\n` : `[stderr] ${line}\n`)
          }).pipe(Effect.zipRight(throttle.offer({ type: "log_line", stream, line })))).pipe(Effect.ignore)
      const readers = yield* Effect.forkScoped(Effect.all([consume("stdout"), consume("stderr")], { concurrency: 2, discard: true }))
      const status = yield* child.exit.pipe(Effect.timeout(settings.stepTimeout), Effect.option)
      const timedOut = status._tag === "None"
      if (timedOut) {
        yield* child.terminate
        keep(`verification step ${step} timed out after ${Math.round(Duration.toSeconds(settings.stepTimeout))} s and was killed`)
      }
      // A background grandchild may hold the pipes open: do not wait for it past the group kill.
      yield* readers.await.pipe(Effect.timeout("2 seconds"), Effect.ignore)
      yield* throttle.flush
      const exitCode = status._tag === "Some" ? status.value.exitCode ?? null : null
      const result: VerifyResult = { step, ok: !timedOut && exitCode === 0, exitCode, durationMs: Date.now() - started }
      log.write(`# verify ${step}: ${result.ok ? "ok" : "failed"} (exit ${exitCode ?? (timedOut ? "timeout" : "signal")}) in ${result.durationMs} ms\n`)
      const output = tail.slice(-tailChars)
      yield* request.onEvent({ type: "verify_step", ...result, ...(result.ok ? {} : { excerpt: output }) })
      const failure: VerifyFailure | null = result.ok ? null : { step, output, timedOut }
      return { result, failure }
    }))

  return Verify.of({
    run: Effect.fn("Verify.run")(function*(request: VerifyRequest) {
      const results: Array<VerifyResult> = []
      for (const step of steps) {
        const command = request.commands[step].trim()
        if (command === "") continue
        const { failure, result } = yield* runStep(request, step, command)
        results.push(result)
        if (failure !== null) return { results, failure }
      }
      return { results, failure: null }
    })
  })
}

export const layer = Layer.effect(Verify, Effect.map(config, make))

/** For tests and embedders: fixed settings. */
export const layerWith = (settings: VerifySettings) => Layer.succeed(Verify, make(settings))
