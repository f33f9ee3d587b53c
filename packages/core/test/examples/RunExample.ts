/**
 * Runs the SDK examples in `examples/` as a user runs them (`npx tsx examples/…`), against a fresh
 * database of the test run's PostgreSQL (DATABASE_URL) and a temporary data folder.
 */
import { Effect, Redacted } from "effect"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { freshDatabaseUrl } from "../support/TestDatabase.js"
import * as TempDir from "../support/TempDir.js"

export const root = path.resolve(import.meta.dirname, "../../../..")

export interface ExampleRun {
  readonly pid: number
  /** Resolves with the exit code (-1 when killed by a signal). */
  readonly exit: Promise<number>
  /** Everything printed so far, stdout and stderr. */
  readonly output: () => string
  /** Resolves once the output matches `pattern`. */
  readonly printed: (pattern: RegExp) => Effect.Effect<void>
}

/** Starts an example with `args` in its own process group; the scope kills the group. */
export const runExample = (name: string, args: ReadonlyArray<string>, env: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.sync((): ExampleRun => {
      const child = spawn("npx", ["tsx", `examples/${name}`, ...args], { cwd: root, env: { ...process.env, ...env }, detached: true })
      let output = ""
      const waiting = new Set<() => void>()
      const collect = (c: Buffer) => {
        output += c.toString()
        for (const wake of waiting) wake()
      }
      child.stdout.on("data", collect)
      child.stderr.on("data", collect)
      const exit = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)))
      const printed = (pattern: RegExp) =>
        Effect.async<void>((resume) => {
          const check = () => {
            if (!pattern.test(output)) return
            waiting.delete(check)
            resume(Effect.void)
          }
          waiting.add(check)
          check()
          return Effect.sync(() => waiting.delete(check))
        })
      return { pid: child.pid!, exit, output: () => output, printed }
    }),
    ({ pid }) => Effect.sync(() => {
      try {
        process.kill(-pid, "SIGKILL")
      } catch {
        // already gone
      }
    })
  )

/** A fresh database URL and an empty data folder, both removed when the scope closes. */
export const withDatabase = <A, E, R>(body: (url: string, dir: string) => Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const { url } = yield* freshDatabaseUrl
    const dir = yield* Effect.acquireRelease(
      Effect.sync(() => TempDir.make("devserver-example-")),
      (d) => Effect.sync(() => fs.rmSync(d, { recursive: true, force: true }))
    )
    return yield* body(Redacted.value(url), dir)
  })
