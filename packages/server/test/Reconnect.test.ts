import { Events } from "@devserver/core/store/Events"
import { Tasks } from "@devserver/core/store/Tasks"
import { SqlClient } from "@effect/sql"
import { Effect, Fiber, ManagedRuntime } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { startProxy } from "./support/Proxy.js"
import { makeClient, servicesLayer, startServer } from "./support/TestServer.js"

const runtime = ManagedRuntime.make(servicesLayer)
afterAll(() => runtime.dispose())

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms
  while (!check() && Date.now() < end) await sleep(50)
}

/** A run's worth of events, from two writers whose transactions commit out of id order. */
const writeRun = (taskId: number, count: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const events = yield* Events
    const writer = (lane: number) =>
      Effect.forEach(Array.from({ length: count / 2 }, (_, i) => i), (i) =>
        sql.withTransaction(Effect.gen(function*() {
          yield* events.append({ type: "log_line", stream: "stdout", line: `lane ${lane} line ${i}` }, { taskId })
          // Hold some transactions open so a later id commits first.
          if (i % 7 === lane) yield* Effect.sleep("30 millis")
        })).pipe(Effect.zipLeft(Effect.sleep("15 millis"))), { discard: true })
    yield* Effect.all([writer(0), writer(1)], { concurrency: 2 })
  })

describe("live events over SSE", () => {
  it("a dropped connection and a server restart mid-run lose nothing and repeat nothing", async () => {
    const task = await runtime.runPromise(Effect.flatMap(Tasks, (t) => t.create({ title: "a long run", key: "RUN-1" })))
    let server = await startServer(runtime)
    const port = server.port
    const proxy = await startProxy(port)
    const received: Array<number> = []
    const client = makeClient(proxy.url)
    const subscription = client.events.subscribe.subscribe({ taskKey: "RUN-1" }, {
      onData: (envelope) => received.push(Number(envelope.id))
    })
    try {
      const writer = runtime.runFork(writeRun(task.id, 400))
      await until(() => received.length > 60, 20_000)
      expect(proxy.cut()).toBeGreaterThan(0)
      await until(() => received.length > 160, 30_000)
      await server.close()
      await sleep(300)
      server = await startServer(runtime, "127.0.0.1", port)
      await runtime.runPromise(Fiber.join(writer))
      const stored = await runtime.runPromise(Effect.flatMap(SqlClient.SqlClient, (sql) =>
        sql<{ id: number }>`select id from events where task_id = ${task.id} order by tx_id, id`))
      expect(stored.length).toBe(401)
      await until(() => received.length >= stored.length, 30_000)
      await sleep(500)
      // Every stored event exactly once, in commit order.
      expect(received).toEqual(stored.map((r) => Number(r.id)))
    } finally {
      subscription.unsubscribe()
      await proxy.close()
      await server.close()
    }
  }, 120_000)
})
