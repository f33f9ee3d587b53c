/** A fresh migrated database with the store and the queue, its URL for worker processes, and helpers. */
import { SqlClient } from "@effect/sql"
import { Context, Duration, Effect, Layer, Redacted, Stream } from "effect"
import * as path from "node:path"
import * as ProcessGroup from "../../../src/process/ProcessGroup.js"
import * as QueueLive from "../../../src/queue/QueueLive.js"
import * as SecretBox from "../../../src/secrets/SecretBox.js"
import { clientLayer } from "../../../src/store/Database.js"
import * as Migrations from "../../../src/store/Migrations.js"
import * as Store from "../../../src/store/Store.js"
import { freshDatabaseUrl } from "../../support/TestDatabase.js"
import { testKey } from "../../support/TestStore.js"

export class DatabaseUrl extends Context.Tag("test/queue/DatabaseUrl")<DatabaseUrl, Redacted.Redacted<string>>() {}

const database = Layer.unwrapScoped(Effect.map(freshDatabaseUrl, ({ url }) =>
  Layer.merge(Layer.succeed(DatabaseUrl, url), clientLayer(url, "devserver-test")))).pipe(Layer.orDie)
const migrated = Layer.effectDiscard(Effect.orDie(Migrations.run)).pipe(Layer.provideMerge(database))

export const layer = QueueLive.layer.pipe(
  Layer.provideMerge(Store.layer),
  Layer.provideMerge(Layer.merge(migrated, SecretBox.layer(testKey)))
)

/** The table the fixture worker records its runs in. */
export const createRunsTable = Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
  create table test_runs (id serial primary key, task_key text not null, worker text not null, pid int,
    started_at timestamptz not null, ended_at timestamptz)`)

/** Polls `check` every 50 ms (real time) until it answers true; dies after `timeout`. */
export const eventually = <E, R>(what: string, check: Effect.Effect<boolean, E, R>, timeout: Duration.DurationInput = "20 seconds") =>
  Effect.gen(function*() {
    const deadline = Date.now() + Duration.toMillis(Duration.decode(timeout))
    while (!(yield* check)) {
      if (Date.now() > deadline) return yield* Effect.dieMessage(`timed out waiting for: ${what}`)
      yield* Effect.promise(() => new Promise((r) => setTimeout(r, 50)))
    }
  })

export interface WorkerProcess {
  readonly id: string
  readonly pid: number
  readonly logs: Array<string>
}

const fixture = path.join(import.meta.dirname, "..", "fixtures", "workerProcess.ts")
const tsx = path.join(import.meta.dirname, "..", "..", "..", "..", "..", "node_modules", ".bin", "tsx")

/** Starts a worker process (`fixtures/workerProcess.ts`) for the scope; waits until it has started. */
export const spawnWorker = (id: string, env: Record<string, string>) =>
  Effect.gen(function*() {
    const url = yield* DatabaseUrl
    const child = yield* Effect.orDie(ProcessGroup.spawn(tsx, [fixture], {
      env: { DATABASE_URL: Redacted.value(url), WORKER_ID: id, ...env },
      killGraceMs: 500
    }))
    const logs: Array<string> = []
    const collect = (s: Stream.Stream<string, unknown>) =>
      s.pipe(Stream.runForEach((line) => Effect.sync(() => logs.push(line))), Effect.ignore, Effect.forkScoped)
    yield* collect(child.stdout)
    yield* collect(child.stderr)
    yield* eventually(`worker ${id} to start`, Effect.sync(() => logs.some((l) => l.includes(`worker ${id} started`))), "90 seconds").pipe(
      Effect.tapErrorCause(() => Effect.sync(() => console.error(logs.join("\n"))))
    )
    return { id, pid: child.pid, logs } satisfies WorkerProcess
  })
