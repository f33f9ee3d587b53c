import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Exit, Scope, Stream } from "effect"
import * as ProcessGroup from "../../src/process/ProcessGroup.js"

describe("ProcessGroup", () => {
  it.live("streams output lines and reports the exit code", () =>
    Effect.gen(function*() {
      const child = yield* ProcessGroup.spawn("sh", ["-c", "printf 'one\\ntwo\\n'; echo oops >&2; exit 3"])
      const [out, err] = yield* Effect.all([Stream.runCollect(child.stdout), Stream.runCollect(child.stderr)], { concurrency: 2 })
      assert.deepStrictEqual(Chunk.toReadonlyArray(out), ["one", "two"])
      assert.deepStrictEqual(Chunk.toReadonlyArray(err), ["oops"])
      assert.deepStrictEqual(yield* child.exit, { exitCode: 3, signal: undefined })
    }).pipe(Effect.scoped))

  it.live("closing the scope kills the whole group, SIGKILL for children that ignore SIGTERM", () =>
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      // The shell and its two sleeps ignore SIGTERM; only the SIGKILL after the grace ends them.
      const child = yield* Scope.extend(ProcessGroup.spawn("sh", ["-c", "trap '' TERM; sleep 300 & sleep 300 & wait"], {
        output: "ignore",
        killGraceMs: 300
      }), scope)
      yield* Effect.sleep("200 millis")
      assert.isTrue(ProcessGroup.groupAlive(child.pid))
      const started = Date.now()
      yield* Scope.close(scope, Exit.void)
      const elapsed = Date.now() - started
      assert.isFalse(ProcessGroup.groupAlive(child.pid), "no member of the group survives")
      assert.isAtLeast(elapsed, 300, "SIGTERM got its grace period")
      assert.isBelow(elapsed, 2000)
    }))

  it.live("a missing executable is a NotFound ProcessError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(ProcessGroup.spawn("/nonexistent/devserver-tool", ["--help"]))
      assert.strictEqual(error.reason, "NotFound")
      assert.include(error.message, "not found: /nonexistent/devserver-tool --help")
      assert.strictEqual((yield* Effect.flip(ProcessGroup.spawn("devserver-no-such-tool", [], { env: { PATH: "/usr/bin:/bin" }, extendEnv: false }))).reason, "NotFound")
    }).pipe(Effect.scoped))

  it.live("an argument list over the kernel's limit is SpawnFailed E2BIG, not a missing executable", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(ProcessGroup.spawn("sh", ["-c", "true", "x".repeat(200 * 1024)]))
      assert.strictEqual(error.reason, "SpawnFailed")
      assert.strictEqual(error.code, "E2BIG")
      assert.include(error.message, "(E2BIG)")
      assert.isBelow(error.message.length, 300, "the message does not repeat the whole argument")
    }).pipe(Effect.scoped))

  it.live("input of 1 MB reaches stdin whole, and stdin is closed after it", () =>
    Effect.gen(function*() {
      const input = "prompt line\n".repeat(90_000)
      const child = yield* ProcessGroup.spawn("sh", ["-c", "wc -c"], { input })
      const [out] = yield* Effect.all([Stream.runCollect(child.stdout), child.exit], { concurrency: 2 })
      assert.strictEqual(Number(Chunk.toReadonlyArray(out)[0]), input.length)
    }).pipe(Effect.scoped))
})
