/**
 * The SDK examples in `examples/` run as a user runs them (`npx tsx examples/…`), against a fresh
 * database of the test run's PostgreSQL (DATABASE_URL) and a temporary data folder.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { freshDatabaseUrl } from "../support/TestDatabase.js"
import * as TempDir from "../support/TempDir.js"

const root = path.resolve(import.meta.dirname, "../../../..")

/** Runs an example with `args`; resolves with its exit code and output. The scope kills it. */
const runExample = (name: string, args: ReadonlyArray<string>, env: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const child = spawn("npx", ["tsx", `examples/${name}`, ...args], { cwd: root, env: { ...process.env, ...env }, detached: true })
      let output = ""
      child.stdout.on("data", (c: Buffer) => (output += c.toString()))
      child.stderr.on("data", (c: Buffer) => (output += c.toString()))
      const exit = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)))
      return { child, exit, output: () => output }
    }),
    ({ child }) => Effect.sync(() => {
      try {
        process.kill(-child.pid!, "SIGKILL")
      } catch {
        // already gone
      }
    })
  )

const withDatabase = <A, E, R>(body: (url: string, dir: string) => Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const { url } = yield* freshDatabaseUrl
    const dir = yield* Effect.acquireRelease(
      Effect.sync(() => TempDir.make("devserver-example-")),
      (d) => Effect.sync(() => fs.rmSync(d, { recursive: true, force: true }))
    )
    return yield* body(Redacted.value(url), dir)
  })

describe("SDK examples", () => {
  it.scoped("enqueue-and-follow: a command task runs on the example's own worker and its events are printed until review", () =>
    withDatabase((url, dir) =>
      Effect.gen(function*() {
        const run = yield* runExample("enqueue-and-follow.ts", ["echo hi > hi.txt"], { DATABASE_URL: url, DEVSERVER_DATA_DIR: dir })
        const code = yield* Effect.promise(() => run.exit)
        assert.strictEqual(code, 0, run.output())
        assert.match(run.output(), /status_changed → running[\s\S]*TASK-1 ended review/)
      })), 240_000)
})
