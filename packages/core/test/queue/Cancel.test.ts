import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { execSync } from "node:child_process"
import { groupAlive } from "../../src/process/ProcessGroup.js"
import { Queue } from "../../src/queue/Queue.js"
import { Events } from "../../src/store/Events.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as QueueTest from "./support/QueueTest.js"

describe("cancel", () => {
  it.live("kills the running task's whole process group within 2 s and stays cancelled", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const tasks = yield* Tasks
      const queue = yield* Queue
      yield* QueueTest.createRunsTable
      yield* QueueTest.spawnWorker("runner", { MODE: "group", CONCURRENCY: "1", LEASE_SECONDS: "30" })
      const task = yield* tasks.create({ title: "sleeps forever" })
      yield* queue.enqueue(task.key)
      let pid = 0
      yield* QueueTest.eventually("the sleep group to start", sql<{ pid: number }>`select pid from test_runs where task_key = ${task.key}`.pipe(
        Effect.map(([row]) => (pid = row?.pid ?? 0) > 0)
      ))
      const members = execSync(`pgrep -g ${pid}`).toString().trim().split("\n").length
      assert.isAtLeast(members, 3, "sh and its two sleep children share one process group")

      const cancelledAt = Date.now()
      const cancelled = yield* queue.cancel(task.key, "tester")
      assert.strictEqual(cancelled.status, "cancelled")
      yield* QueueTest.eventually("the process group to be gone", Effect.sync(() => !groupAlive(pid)), "5 seconds")
      const elapsed = Date.now() - cancelledAt
      assert.isAtMost(elapsed, 2000, `the group died ${elapsed} ms after the cancel`)

      // The worker saw its task end; nothing it does afterwards may overwrite the cancel.
      yield* Effect.sleep("1 second")
      assert.strictEqual((yield* tasks.get(task.key)).status, "cancelled")
      const log = yield* (yield* Events).list({ taskId: task.id })
      // status_changed events by target status, then the `cancelled` event naming who cancelled.
      assert.deepStrictEqual(
        log.map((e) => (e.payload.type === "status_changed" ? e.payload.to : `${e.payload.type}`)),
        ["pending", "queued", "running", "cancelled", "cancelled"]
      )
      assert.deepStrictEqual(log.at(-1)!.payload, { type: "cancelled", by: "tester" })
    }).pipe(Effect.scoped, Effect.provide(QueueTest.layer)))
})
