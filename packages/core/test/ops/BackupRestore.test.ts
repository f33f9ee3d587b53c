import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option, Redacted } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { backup } from "../../src/ops/Backup.js"
import * as DatabaseDump from "../../src/ops/DatabaseDump.js"
import { restore } from "../../src/ops/Restore.js"
import { Schedules } from "../../src/queue/Schedules.js"
import * as QueueLive from "../../src/queue/QueueLive.js"
import * as SchedulesLive from "../../src/queue/Schedules.js"
import * as SecretBox from "../../src/secrets/SecretBox.js"
import * as DataDir from "../../src/store/DataDir.js"
import { clientLayer } from "../../src/store/Database.js"
import { Ideas } from "../../src/store/Ideas.js"
import * as Migrations from "../../src/store/Migrations.js"
import { Repos } from "../../src/store/Repos.js"
import { Runs } from "../../src/store/Runs.js"
import { Settings } from "../../src/store/Settings.js"
import * as Store from "../../src/store/Store.js"
import { Tasks } from "../../src/store/Tasks.js"
import { Templates } from "../../src/store/Templates.js"
import { freshDatabaseUrl } from "../support/TestDatabase.js"

const KEY = Buffer.alloc(32, 9)
const TOKEN = "forge-token-that-must-survive"

/** An install: a fresh migrated database, its own data folder, the store services. */
const install = Effect.gen(function*() {
  const { url } = yield* freshDatabaseUrl
  const dir = yield* Effect.acquireRelease(
    Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "devserver-backup-"))),
    (d) => Effect.sync(() => fs.rmSync(d, { recursive: true, force: true }))
  )
  const layer = Store.layer.pipe(
    Layer.provideMerge(Layer.merge(clientLayer(url, "backup-test"), SecretBox.layer(KEY))),
    Layer.provideMerge(DataDir.layer(dir)),
    Layer.orDie
  )
  const context = yield* Layer.build(layer)
  const run = <A, E>(effect: Effect.Effect<A, E, Layer.Layer.Success<typeof layer>>) => Effect.provide(effect, context)
  yield* run(Migrations.run).pipe(Effect.orDie)
  return { dir, run }
})

/** Everything stored, canonically: each table's rows and the sequences. */
const dump = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const tables = yield* DatabaseDump.plan(sql)
  const out: Array<string> = []
  for (const t of tables) yield* DatabaseDump.rows(sql, t, (json) => Effect.sync(() => void out.push(`${t.name}:${json.replace(/\n/g, "")}`)))
  return [...out, JSON.stringify(yield* DatabaseDump.sequences(sql))].join("\n")
})

const populate = Effect.gen(function*() {
  const repos = yield* Repos
  const tasks = yield* Tasks
  yield* repos.add({ name: "api", provider: "gitea", cloneUrl: "https://git.example/acme/api.git", forgeRepo: "acme/api" }, Redacted.make(TOKEN))
  const template = yield* Effect.flatMap(Templates, (t) => t.add({ name: "Nightly deps", repo: "api", settings: { labels: ["deps"] } }))
  const folder = yield* Effect.flatMap(Ideas, (i) => i.add({ title: "Platform", kind: "folder" }))
  yield* Effect.flatMap(Ideas, (i) => i.add({ title: "Faster CI", parentId: folder.id, body: "# cache *everything* 'quoted' \"too\"" }))
  const a = yield* tasks.create({ title: "Fix `flaky` test — ünïcode", repo: "api", labels: ["tests"], description: "line1\nline2" })
  yield* tasks.create({ title: "Depends", dependsOn: [a.key] })
  yield* tasks.transition(a.key, "queued")
  yield* tasks.transition(a.key, "running")
  const run = yield* Effect.flatMap(Runs, (r) => r.start({ taskId: a.id, attempt: 1, vendor: "command", model: null, workerId: "w1" }))
  yield* Effect.flatMap(Runs, (r) => r.finish(run.id, { status: "succeeded", costUsd: 0.1234, turns: 3 }))
  yield* tasks.transition(a.key, "review")
  yield* Effect.flatMap(Settings, (s) => s.set("maxConcurrency", 5))
  yield* Effect.flatMap(Schedules, (s) => s.add({ name: "nightly", expression: "@daily", target: { _tag: "FromTemplate", templateId: template.id } }))
}).pipe(Effect.provide(SchedulesLive.layer.pipe(Layer.provide(QueueLive.layer))))

describe("backup and restore", () => {
  it.scoped("a backup restored into an empty install gives back every row, sequence and file; the token still decrypts", () =>
    Effect.gen(function*() {
      const source = yield* install
      yield* source.run(populate)
      fs.mkdirSync(path.join(source.dir, "logs", "API-1"), { recursive: true })
      fs.writeFileSync(path.join(source.dir, "logs", "API-1", "run-1.log"), "agent output\n")
      fs.mkdirSync(path.join(source.dir, "artifacts", "API-1"), { recursive: true })
      fs.writeFileSync(path.join(source.dir, "artifacts", "API-1", "combined.mbox"), Buffer.from([0, 1, 2, 255]))
      const file = path.join(source.dir, "backup.dsb")
      const written = yield* source.run(backup(file))
      assert.isAbove(written.rows, 8)
      assert.strictEqual(written.files, 2)
      assert.notInclude(fs.readFileSync(file).toString("latin1"), TOKEN)

      const target = yield* install
      const restored = yield* target.run(restore(file))
      assert.strictEqual(restored.rows, written.rows)
      assert.strictEqual(yield* target.run(dump), yield* source.run(dump))
      assert.deepStrictEqual(fs.readFileSync(path.join(target.dir, "artifacts", "API-1", "combined.mbox")), Buffer.from([0, 1, 2, 255]))
      assert.strictEqual(fs.readFileSync(path.join(target.dir, "logs", "API-1", "run-1.log"), "utf8"), "agent output\n")
      const token = yield* target.run(Effect.flatMap(Repos, (r) => r.token("api")))
      assert.strictEqual(Option.map(token, Redacted.value).pipe(Option.getOrNull), TOKEN)
      // Sequences continue where they were: the next task gets a new key and id.
      const next = yield* target.run(Effect.flatMap(Tasks, (t) => t.create({ title: "after restore", repo: "api" })))
      assert.notInclude((yield* source.run(Effect.flatMap(Tasks, (t) => t.list()))).map((t) => t.key), next.key)

      // A second restore finds data and refuses, changing nothing.
      const before = yield* target.run(dump)
      const again = yield* Effect.flip(target.run(restore(file)))
      assert.strictEqual((again as { reason?: string }).reason, "NotEmpty")
      assert.strictEqual(yield* target.run(dump), before)
    }))

  it.scoped("a corrupted or truncated archive is refused before anything changes", () =>
    Effect.gen(function*() {
      const source = yield* install
      yield* source.run(populate)
      const file = path.join(source.dir, "backup.dsb")
      yield* source.run(backup(file))
      const whole = fs.readFileSync(file)
      const target = yield* install
      const empty = yield* target.run(dump)
      const flipped = Buffer.from(whole)
      flipped[Math.floor(flipped.length / 2)]! ^= 0xff
      const variants = { truncated: whole.subarray(0, Math.floor(whole.length * 0.7)), corrupted: flipped, garbage: Buffer.from("not a backup") }
      for (const [name, bytes] of Object.entries(variants)) {
        const bad = path.join(target.dir, `${name}.dsb`)
        fs.writeFileSync(bad, bytes)
        const error = yield* Effect.flip(target.run(restore(bad)))
        assert.strictEqual(error._tag, "BackupError", name)
        assert.strictEqual((error as { reason?: string }).reason, "Corrupt", name)
        fs.rmSync(bad)
      }
      assert.strictEqual(yield* target.run(dump), empty)
      assert.isFalse(fs.existsSync(path.join(target.dir, "logs")))
      // An existing file is never overwritten by a backup.
      const exists = yield* Effect.flip(source.run(backup(file)))
      assert.strictEqual(exists._tag, "BackupError")
    }))
})
