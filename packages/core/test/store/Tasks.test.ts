import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { allPairs, canTransition, type TaskStatus } from "../../src/domain/TaskStatus.js"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Settings } from "../../src/store/Settings.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as TestStore from "../support/TestStore.js"

/** A legal path from `pending` to each status. */
const pathTo: Record<TaskStatus, ReadonlyArray<TaskStatus>> = {
  pending: [],
  queued: ["queued"],
  running: ["queued", "running"],
  verifying: ["queued", "running", "verifying"],
  review: ["queued", "running", "review"],
  done: ["queued", "running", "review", "done"],
  failed: ["queued", "running", "failed"],
  blocked: ["queued", "blocked"],
  cancelled: ["cancelled"]
}

const countRows = (table: "tasks" | "events" | "task_dependencies") =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => sql<{ n: number }>`select count(*)::int as n from ${sql(table)}`).pipe(
    Effect.map(([r]) => r!.n)
  )

describe("Tasks", () => {
  it.layer(TestStore.layer)((it) => {
    it.effect("generates unique keys from the repo name, or TASK- without a repo", () =>
      Effect.gen(function*() {
        const repos = yield* Repos
        const tasks = yield* Tasks
        yield* repos.add({ name: "api-server", provider: "github", cloneUrl: "https://github.com/acme/api.git" })
        const a = yield* tasks.create({ title: "Fix lint", repo: "api-server" })
        const b = yield* tasks.create({ title: "Add tests", repo: "api-server" })
        const c = yield* tasks.create({ title: "Scratch work" })
        assert.match(a.key, /^APISERVER-\d+$/)
        assert.match(c.key, /^TASK-\d+$/)
        assert.notStrictEqual(a.key, b.key)
        assert.strictEqual(a.status, "pending")
        assert.strictEqual(a.repo, "api-server")
        // A hand-made key that a generator would produce next is skipped, not duplicated.
        const next = Number(c.key.split("-")[1]) + 1
        yield* tasks.create({ key: `TASK-${next}`, title: "taken by hand" })
        const d = yield* tasks.create({ title: "generated after" })
        assert.notStrictEqual(d.key, `TASK-${next}`)
      }))

    it.effect("refuses invalid keys with InvalidInput and writes nothing", () =>
      Effect.gen(function*() {
        const tasks = yield* Tasks
        const before = yield* countRows("tasks")
        for (const key of ["has space", "..", "a..b", "a/b", "a;rm -rf", "$(id)", "`x`", "a|b", "-lead", "x".repeat(65), "", "a.b", "ü"]) {
          const result = yield* Effect.either(tasks.create({ key, title: "bad key" }))
          assert.isTrue(Either.isLeft(result), `key ${JSON.stringify(key)} was accepted`)
          if (Either.isLeft(result)) {
            assert.strictEqual(result.left._tag, "InvalidInput")
            assert.include(result.left.message, "key")
          }
        }
        assert.strictEqual(yield* countRows("tasks"), before)
        const ok = yield* tasks.create({ key: "API_7-b", title: "good key" })
        assert.strictEqual(ok.key, "API_7-b")
      }))

    it.effect("keys are unique across the installation, not per repo", () =>
      Effect.gen(function*() {
        const repos = yield* Repos
        const tasks = yield* Tasks
        yield* repos.add({ name: "one", provider: "gitea", cloneUrl: "https://git.example/one.git" })
        yield* repos.add({ name: "two", provider: "gitea", cloneUrl: "https://git.example/two.git" })
        yield* tasks.create({ key: "SHARED-1", title: "first", repo: "one" })
        const before = yield* countRows("tasks")
        const dup = yield* Effect.flip(tasks.create({ key: "SHARED-1", title: "second", repo: "two" }))
        assert.strictEqual(dup._tag, "AlreadyExists")
        assert.strictEqual(yield* countRows("tasks"), before)
      }))

    it.effect("refuses unknown repos and dependencies, writing nothing", () =>
      Effect.gen(function*() {
        const tasks = yield* Tasks
        const before = yield* countRows("tasks")
        const noRepo = yield* Effect.flip(tasks.create({ title: "x", repo: "nope" }))
        assert.strictEqual(noRepo.message, "repo not found: nope")
        const noDep = yield* Effect.flip(tasks.create({ title: "x", dependsOn: ["MISSING-1"] }))
        assert.strictEqual(noDep.message, "task not found: MISSING-1")
        assert.strictEqual(yield* countRows("tasks"), before)
        const base = yield* tasks.create({ title: "base" })
        const child = yield* tasks.create({ title: "child", dependsOn: [base.key] })
        assert.deepStrictEqual(child.dependsOn, [base.key])
      }))

    it.effect("every illegal transition is refused with a typed error and changes nothing", () =>
      Effect.gen(function*() {
        const tasks = yield* Tasks
        let refused = 0
        for (const [from, to] of allPairs) {
          const task = yield* tasks.create({ title: `${from} to ${to}` })
          for (const step of pathTo[from]) yield* tasks.transition(task.key, step)
          const eventsBefore = yield* countRows("events")
          const result = yield* Effect.either(tasks.transition(task.key, to, { reason: "test" }))
          const after = yield* tasks.get(task.key)
          if (canTransition(from, to)) {
            assert.isTrue(Either.isRight(result), `${from} → ${to} should be legal`)
            assert.strictEqual(after.status, to)
          } else {
            refused++
            assert.isTrue(Either.isLeft(result) && result.left._tag === "IllegalTransition", `${from} → ${to} accepted`)
            assert.strictEqual(after.status, from)
            assert.strictEqual(yield* countRows("events"), eventsBefore)
          }
        }
        assert.isAbove(refused, 40)
      }))

    it.effect("a transition writes its status_changed event; blocked keeps the reason", () =>
      Effect.gen(function*() {
        const tasks = yield* Tasks
        const events = yield* Events
        const task = yield* tasks.create({ title: "evented" })
        yield* tasks.transition(task.key, "queued")
        const blocked = yield* tasks.transition(task.key, "blocked", { reason: "plan awaiting approval" })
        assert.strictEqual(blocked.blockedReason, "plan awaiting approval")
        assert.isNotNull(yield* tasks.get(task.key).pipe(Effect.map((t) => t.enqueuedAt)))
        const log = yield* events.list({ taskId: task.id })
        assert.deepStrictEqual(
          log.map((e) => e.payload.type === "status_changed" ? `${e.payload.from}>${e.payload.to}` : e.payload.type),
          ["null>pending", "pending>queued", "queued>blocked"]
        )
        const requeued = yield* tasks.transition(task.key, "queued")
        assert.isNull(requeued.blockedReason)
      }))

    it.effect("auto-enqueue puts new tasks straight into the queue", () =>
      Effect.gen(function*() {
        const tasks = yield* Tasks
        const settings = yield* Settings
        yield* settings.set("autoEnqueue", true)
        const task = yield* tasks.create({ title: "auto" })
        assert.strictEqual(task.status, "queued")
        assert.isNotNull(task.enqueuedAt)
        yield* settings.set("autoEnqueue", false)
      }))
  })
})
