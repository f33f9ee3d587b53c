import { SqlClient } from "@effect/sql"
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as DoctorChecks from "../../src/ops/DoctorChecks.js"
import * as DoctorDatabase from "../../src/ops/DoctorDatabase.js"
import { collect, collectExpired } from "../../src/ops/WorktreeGc.js"
import * as DataDir from "../../src/store/DataDir.js"
import { Settings } from "../../src/store/Settings.js"
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

    it.effect("follows the worktreeRetentionDays setting, which refuses values that are not whole days from 1 up", () =>
      Effect.gen(function*() {
        const tasks = yield* Tasks
        const settings = yield* Settings
        const sql = yield* SqlClient.SqlClient
        const t = yield* tasks.create({ title: "failed 30 days ago" })
        for (const s of ["queued", "running", "failed"] as const) yield* tasks.transition(t.key, s)
        yield* sql`update tasks set updated_at = now() - interval '30 days' where key = ${t.key}`
        fs.mkdirSync(path.join(dir, "worktrees", t.key), { recursive: true })

        assert.strictEqual(yield* settings.get("worktreeRetentionDays"), 14)
        for (const bad of [0, -3, 1.5, "two weeks"]) {
          const refused = yield* Effect.flip(settings.set("worktreeRetentionDays", bad))
          assert.strictEqual(refused._tag, "InvalidInput", String(bad))
        }
        yield* settings.set("worktreeRetentionDays", 45)
        const kept = yield* collectExpired
        assert.strictEqual(kept.days, 45)
        assert.notInclude(kept.removed, path.join("worktrees", t.key))
        assert.isTrue(fs.existsSync(path.join(dir, "worktrees", t.key)))

        yield* settings.set("worktreeRetentionDays", 20)
        const gone = yield* collectExpired
        assert.include(gone.removed, path.join("worktrees", t.key))
        assert.isFalse(fs.existsSync(path.join(dir, "worktrees", t.key)))

        // The doctor shows the retention in force and the disk use of each folder that grows.
        const checks = yield* DoctorDatabase.database
        assert.match(checks.find((c) => c.name === "worktree gc")?.detail ?? "", /over 20 days ago are removed/)
        fs.mkdirSync(path.join(dir, "cache", "web"), { recursive: true })
        fs.writeFileSync(path.join(dir, "cache", "web", "pack"), "x".repeat(3000))
        const usage = DoctorChecks.worktrees(dir, 20)
        assert.deepStrictEqual(usage.map((c) => c.name), ["worktrees disk use", "scratch disk use", "cache disk use", "logs disk use"])
        assert.match(usage[2]!.detail, /^1 folders, 3 KiB$/)
      }))
  })
})
