import { SqlClient } from "@effect/sql"
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { collect } from "../../src/ops/WorktreeGc.js"
import * as DataDir from "../../src/store/DataDir.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as TestStore from "../support/TestStore.js"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-gc-"))
const layer = Layer.merge(TestStore.layer, DataDir.layer(dir))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe("WorktreeGc", () => {
  it.layer(layer)((it) => {
    it.effect("removes the folders of tasks finished longer ago than the retention, and only those", () =>
      Effect.gen(function*() {
        const tasks = yield* Tasks
        const sql = yield* SqlClient.SqlClient
        const make = (title: string, path_: ReadonlyArray<"queued" | "running" | "review" | "done" | "cancelled">) =>
          Effect.gen(function*() {
            const t = yield* tasks.create({ title })
            for (const s of path_) yield* tasks.transition(t.key, s)
            return t.key
          })
        const old = yield* make("old done", ["queued", "running", "review", "done"])
        const oldCancelled = yield* make("old cancelled", ["cancelled"])
        const recent = yield* make("recent done", ["queued", "running", "review", "done"])
        const inReview = yield* make("old review", ["queued", "running", "review"])
        yield* sql`update tasks set updated_at = now() - interval '30 days' where key in (${old}, ${oldCancelled}, ${inReview})`
        for (const [folder, key] of [["worktrees", old], ["scratch", oldCancelled], ["worktrees", recent], ["worktrees", inReview], ["worktrees", "NOT-A-TASK"]] as const) {
          fs.mkdirSync(path.join(dir, folder, key), { recursive: true })
          fs.writeFileSync(path.join(dir, folder, key, "file.txt"), "x")
        }
        const { removed } = yield* collect(14)
        assert.deepStrictEqual([...removed].sort(), [path.join("scratch", oldCancelled), path.join("worktrees", old)].sort())
        for (const key of [recent, inReview, "NOT-A-TASK"]) assert.isTrue(fs.existsSync(path.join(dir, "worktrees", key)), key)
      }))
  })
})
