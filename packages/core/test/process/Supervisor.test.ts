/** Process groups die with the DevServer process that started them, even on SIGKILL; leftovers are reaped by folder. */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { execa } from "execa"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as ProcessGroup from "../../src/process/ProcessGroup.js"
import * as ProcessTree from "../../src/process/ProcessTree.js"
import * as Supervisor from "../../src/process/Supervisor.js"

const tempFolder = Effect.acquireRelease(
  Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "devserver-supervisor-"))),
  (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
)

const waitUntil = (check: () => boolean, ms: number) =>
  Effect.gen(function*() {
    const deadline = Date.now() + ms
    while (!check() && Date.now() < deadline) yield* Effect.sleep("50 millis")
    return check()
  })

describe("Supervisor", () => {
  it.live.skipIf(!Supervisor.tiedToParent)("a SIGKILLed process takes its children's process groups with it", () =>
    Effect.gen(function*() {
      const dir = yield* tempFolder
      const holder = execa(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "fixtures", "holdGroup.ts"), dir], { stdin: "ignore", reject: false })
      const pgid = yield* Effect.promise(() =>
        new Promise<number>((resolve, reject) => {
          holder.stdout!.on("data", (chunk: Buffer) => {
            const found = /PGID (\d+)/.exec(chunk.toString())
            if (found) resolve(Number(found[1]))
          })
          void holder.then((r) => reject(new Error(`holder exited early: ${r.stderr}`)))
        })
      )
      assert.isTrue(ProcessGroup.groupAlive(pgid))
      assert.notStrictEqual(pgid, holder.pid, "the group is not the holder's own")
      holder.kill("SIGKILL")
      yield* Effect.promise(() => holder.then(() => undefined))
      assert.isTrue(yield* waitUntil(() => !ProcessGroup.groupAlive(pgid), 10_000), "no member of the group outlives the killed holder")
    }).pipe(Effect.scoped), 60_000)

  it.live("reapFolder kills a group still working in a folder (a run its owner lost), and only there", () =>
    Effect.gen(function*() {
      const dir = yield* tempFolder
      const other = path.join(dir, "other")
      fs.mkdirSync(other)
      const stale = yield* Scope.make()
      const lost = yield* Scope.extend(ProcessGroup.spawn("sh", ["-c", "sleep 300 & wait"], { cwd: dir, output: "ignore" }), stale)
      const neighbour = yield* ProcessGroup.spawn("sh", ["-c", "sleep 300 & wait"], { cwd: other, output: "ignore" })
      assert.strictEqual(yield* ProcessTree.reapFolder(dir, 200), 1)
      assert.isFalse(ProcessGroup.groupAlive(lost.pid))
      assert.isTrue(ProcessGroup.groupAlive(neighbour.pid), "a group in another folder is left alone")
      assert.strictEqual(yield* ProcessTree.reapFolder(dir), 0)
      yield* Scope.close(stale, Exit.void)
    }).pipe(Effect.scoped), 30_000)
})
