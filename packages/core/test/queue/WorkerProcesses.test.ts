import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Settings } from "../../src/store/Settings.js"
import { Tasks } from "../../src/store/Tasks.js"
import { Queue } from "../../src/queue/Queue.js"
import * as QueueTest from "./support/QueueTest.js"

interface RunRow {
  readonly taskKey: string
  readonly worker: string
  readonly repo: string | null
  readonly startedAt: Date
  readonly endedAt: Date | null
}

/** The largest number of runs of one repo that overlapped in time. */
const maxOverlap = (runs: ReadonlyArray<RunRow>) => {
  const points = runs.flatMap((r) => [[r.startedAt.getTime(), 1], [r.endedAt!.getTime(), -1]] as const)
  // At equal times an end comes before a start: back-to-back runs do not overlap.
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let now = 0
  let max = 0
  for (const [, delta] of points) max = Math.max(max, (now += delta))
  return max
}

describe("worker processes", () => {
  it.live("4 worker processes run 500 tasks exactly once without exceeding any repo's parallelism", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const repos = yield* Repos
      const tasks = yield* Tasks
      yield* QueueTest.createRunsTable
      const parallelism = { one: 1, two: 2, three: 3 } as const
      for (const [name, n] of Object.entries(parallelism)) {
        yield* repos.add({ name, provider: "gitea", cloneUrl: `https://git.example/${name}.git`, parallelism: n })
      }
      yield* (yield* Settings).set("autoEnqueue", true)
      const names = [...Object.keys(parallelism), null]
      yield* Effect.forEach(Array.from({ length: 500 }, (_, i) => i), (i) =>
        tasks.create({ title: `task ${i}`, repo: names[i % names.length] ?? null, priority: 1 + (i % 4) }), { concurrency: 8 })

      yield* Effect.forEach(["w1", "w2", "w3", "w4"], (id) =>
        QueueTest.spawnWorker(id, { CONCURRENCY: "4", SLEEP_MS: "10", LEASE_SECONDS: "30" }), { concurrency: 4 })
      yield* QueueTest.eventually("all 500 tasks delivered", sql<{ n: number }>`select count(*)::int as n from tasks where status = 'review'`.pipe(
        Effect.map(([r]) => r!.n === 500)
      ), "50 seconds")

      const runs = yield* sql<RunRow>`
        select r.task_key, r.worker, p.name as repo, r.started_at, r.ended_at
        from test_runs r join tasks t on t.key = r.task_key left join repos p on p.id = t.repo_id`
      assert.strictEqual(runs.length, 500, "every task ran exactly once in total")
      assert.strictEqual(new Set(runs.map((r) => r.taskKey)).size, 500, "no task ran twice")
      assert.isTrue(runs.every((r) => r.endedAt !== null))
      assert.strictEqual(new Set(runs.map((r) => r.worker)).size, 4, "all four workers took part")
      for (const [name, limit] of Object.entries(parallelism)) {
        const overlap = maxOverlap(runs.filter((r) => r.repo === name))
        assert.isAtMost(overlap, limit, `repo ${name} ran ${overlap} tasks at once (parallelism ${limit})`)
        if (limit > 1) assert.isAtLeast(overlap, 2, `repo ${name} never used its parallelism`)
      }
      assert.isAtLeast(maxOverlap(runs.filter((r) => r.repo === null)), 4, "repo-less tasks ran in parallel")
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))

  it.live("a SIGKILLed worker's task runs again on another worker within seconds, long before its 30 s lease ends", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const tasks = yield* Tasks
      const queue = yield* Queue
      yield* QueueTest.createRunsTable
      const doomed = yield* QueueTest.spawnWorker("doomed", { CONCURRENCY: "1", SLEEP_MS: "600000", LEASE_SECONDS: "30" })
      const task = yield* tasks.create({ title: "survives a crash" })
      yield* queue.enqueue(task.key)
      const startedOn = (worker: string) =>
        sql`select 1 from test_runs where task_key = ${task.key} and worker = ${worker}`.pipe(Effect.map((rows) => rows.length > 0))
      yield* QueueTest.eventually("the doomed worker to start the task", startedOn("doomed"))
      yield* QueueTest.spawnWorker("survivor", { CONCURRENCY: "1", SLEEP_MS: "10", LEASE_SECONDS: "30" })

      const killedAt = Date.now()
      process.kill(-doomed.pid, "SIGKILL")
      yield* QueueTest.eventually("the survivor to run the task", startedOn("survivor"), "15 seconds")
      const elapsed = (Date.now() - killedAt) / 1000
      // The dead process's presence lock went with its connection: no waiting for the lease.
      assert.isAtMost(elapsed, 5, `task ran again ${elapsed}s after the crash`)

      yield* QueueTest.eventually("the task to be delivered", tasks.get(task.key).pipe(Effect.map((t) => t.status === "review")))
      const log = yield* (yield* Events).list({ taskId: task.id })
      const recovered = log.filter((e) => e.payload.type === "task_recovered")
      assert.strictEqual(recovered.length, 1)
      assert.deepStrictEqual(recovered[0]!.payload, { type: "task_recovered", fromWorker: "doomed" })
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))
})
