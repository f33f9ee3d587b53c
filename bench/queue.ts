/**
 * Queue benchmark: DevServer's queue beside graphile-worker, in one run on one embedded PostgreSQL.
 *   npx tsx bench/queue.ts [--samples 200] [--jobs 2000] [--skip-recovery]
 * Measures enqueue→claim latency on an idle worker (p50/p99), no-op throughput at concurrency 1 and
 * 10, and crash recovery (a worker dies right after taking a task). Prints a Markdown table.
 */
import { NodeRuntime } from "@effect/platform-node"
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Option, Redacted, Scope, Exit } from "effect"
import { makeWorkerUtils, run as runGraphile, type Runner } from "graphile-worker"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { performance } from "node:perf_hooks"
import pg from "pg"
import { Queue } from "../packages/core/src/queue/Queue.js"
import * as QueueLive from "../packages/core/src/queue/QueueLive.js"
import { TaskRunner } from "../packages/core/src/queue/TaskRunner.js"
import * as Worker from "../packages/core/src/queue/Worker.js"
import { clientLayer } from "../packages/core/src/store/Database.js"
import * as EmbeddedPostgres from "../packages/core/src/store/EmbeddedPostgres.js"
import * as Events from "../packages/core/src/store/Events.js"
import * as Migrations from "../packages/core/src/store/Migrations.js"
import * as Settings from "../packages/core/src/store/Settings.js"
import * as Tasks from "../packages/core/src/store/Tasks.js"

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const SAMPLES = arg("samples", 200)
const JOBS = arg("jobs", 2000)
const SKIP_RECOVERY = process.argv.includes("--skip-recovery")

const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
const until = async (check: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) return false
    await pause(10)
  }
  return true
}

interface Figures {
  p50: number
  p99: number
  throughput1: number
  throughput10: number
  recovery: string
}

/** Started tasks: key → resolve(start time). */
const waiting = new Map<string, (at: number) => void>()
const started = (key: string) => new Promise<number>((resolve) => waiting.set(key, resolve))
const onStart = (key: string) => {
  const resolve = waiting.get(key)
  waiting.delete(key)
  resolve?.(performance.now())
}

// ---------------------------------------------------------------- DevServer
const ours = (url: string) => Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const queue = yield* Queue
  const count = (prefix: string) => Effect.runPromise(
    sql<{ n: number }>`select count(*)::int as n from tasks where key like ${prefix + "%"} and status = 'review'`.pipe(Effect.map(([r]) => r!.n), Effect.orDie)
  )
  const withWorker = <A>(config: Worker.WorkerConfig, body: (worker: Worker.Worker) => Promise<A>) =>
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      const worker = yield* Scope.extend(Worker.make({ pollInterval: "2 seconds", ...config }), scope)
      const result = yield* Effect.promise(() => body(worker))
      yield* Scope.close(scope, Exit.void)
      return result
    })

  // Latency: one task at a time on an idle worker.
  yield* sql`insert into tasks (key, title) select 'L-' || g, 'latency' from generate_series(1, ${SAMPLES}) g`
  const latencies = yield* withWorker({ maxConcurrency: 1, leaseSeconds: 30 }, async (worker) => {
    await pause(300)
    const out: Array<number> = []
    for (let i = 1; i <= SAMPLES; i++) {
      const key = `L-${i}`
      const start = started(key)
      const t0 = performance.now()
      await Effect.runPromise(Effect.orDie(queue.enqueue(key)))
      out.push((await start) - t0)
      await until(async () => (await Effect.runPromise(worker.running)).length === 0, 5000)
      await pause(5)
    }
    return out
  })

  const throughput = (concurrency: number) => Effect.gen(function*() {
    const prefix = `T${concurrency}-`
    yield* sql`insert into tasks (key, title, status, enqueued_at)
      select ${prefix} || g, 'noop', 'queued', now() from generate_series(1, ${JOBS}) g`
    const t0 = performance.now()
    return yield* withWorker({ maxConcurrency: concurrency, leaseSeconds: 30 }, async () => {
      await until(async () => (await count(prefix)) === JOBS, 300_000)
      return JOBS / ((performance.now() - t0) / 1000)
    })
  })
  const throughput1 = yield* throughput(1)
  const throughput10 = yield* throughput(10)

  // Crash recovery: a worker takes a task and dies at once (no heartbeat, no release).
  // - "process": the worker had registered; its process dies, so its sessions end (what a kill -9
  //   does; simulated by ending its presence session from the server side);
  // - "host": the worker never announced its presence, or its host lost power (no FIN reaches the
  //   server): only the lease can tell.
  const recovery = (leaseSeconds: number, death: "process" | "host") => Effect.gen(function*() {
    const key = `R-${death}-${leaseSeconds}`
    const dead = `crashed-${death}-${leaseSeconds}`
    yield* sql`insert into tasks (key, title, status, enqueued_at) values (${key}, 'crash', 'queued', now())`
    const scope = yield* Scope.make()
    if (death === "process") yield* Scope.extend(queue.register(dead), scope)
    const claimed = yield* queue.claim(dead, { leaseSeconds })
    if (Option.isNone(claimed)) return yield* Effect.dieMessage("nothing to claim")
    if (death === "process") {
      yield* sql`select pg_terminate_backend(pid) from pg_locks
        where locktype = 'advisory' and classid = 1146290178 and objid = hashtext(${dead})::oid`
    }
    const t0 = performance.now()
    const start = started(key)
    const seconds = yield* withWorker({ maxConcurrency: 1, leaseSeconds }, async () => ((await start) - t0) / 1000)
    yield* Scope.close(scope, Exit.void).pipe(Effect.ignore)
    return seconds
  })
  const recoveryText = SKIP_RECOVERY ? "not measured" : [
    `${(yield* recovery(30, "process")).toFixed(1)} s (worker process died, lease 30 s)`,
    `${(yield* recovery(5, "host")).toFixed(1)} s (host lost, lease 5 s)`,
    `${(yield* recovery(30, "host")).toFixed(1)} s (host lost, lease 30 s)`
  ].join("; ")
  void url
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), throughput1, throughput10, recovery: recoveryText } satisfies Figures
})

// ---------------------------------------------------------------- graphile-worker
const graphile = async (connectionString: string): Promise<Figures> => {
  const utils = await makeWorkerUtils({ connectionString })
  await utils.migrate()
  const client = new pg.Client({ connectionString })
  await client.connect()
  const remaining = async () => Number((await client.query("select count(*) as n from graphile_worker._private_jobs")).rows[0].n)
  let completed = 0
  const start = async (concurrency: number): Promise<Runner> =>
    runGraphile({
      connectionString,
      concurrency,
      noHandleSignals: true,
      pollInterval: 2000,
      logger: new (await import("graphile-worker")).Logger(() => () => {}),
      taskList: { noop: async (payload) => { completed++; onStart(String((payload as { key: string }).key)) } }
    })

  let runner = await start(1)
  await pause(300)
  const latencies: Array<number> = []
  for (let i = 1; i <= SAMPLES; i++) {
    const key = `L-${i}`
    const begun = started(key)
    const t0 = performance.now()
    await utils.addJob("noop", { key })
    latencies.push((await begun) - t0)
    await until(async () => (await remaining()) === 0, 5000)
    await pause(5)
  }
  await runner.stop()

  const throughput = async (concurrency: number) => {
    await utils.addJobs(Array.from({ length: JOBS }, (_, i) => ({ identifier: "noop", payload: { key: `T-${i}` } })))
    completed = 0
    const t0 = performance.now()
    runner = await start(concurrency)
    await until(async () => completed === JOBS && (await remaining()) === 0, 300_000)
    const rate = JOBS / ((performance.now() - t0) / 1000)
    await runner.stop()
    return rate
  }
  const throughput1 = await throughput(1)
  const throughput10 = await throughput(10)

  // Crash recovery: the job is locked by a worker that died; does a live worker take it over?
  let recovery = "not measured"
  if (!SKIP_RECOVERY) {
    await utils.addJob("noop", { key: "R" })
    await client.query("update graphile_worker._private_jobs set locked_at = now(), locked_by = 'crashed-worker'")
    const begun = started("R")
    const t0 = performance.now()
    runner = await start(1)
    const seconds = await Promise.race([begun.then((t) => (t - t0) / 1000), pause(60_000).then(() => null)])
    recovery = seconds === null ? "not recovered within 60 s (locks expire after 4 h)" : `${seconds.toFixed(1)} s`
    await runner.stop()
  }
  await client.end()
  await utils.release()
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), throughput1, throughput10, recovery }
}

// ---------------------------------------------------------------- main
const program = Effect.gen(function*() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-bench-queue-"))
  fs.chmodSync(dir, 0o755)
  yield* Effect.addFinalizer(() => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true })))
  const server = yield* EmbeddedPostgres.start(path.join(dir, "data"))
  const admin = Redacted.value(server.url)
  const dbUrl = (name: string) => Object.assign(new URL(admin), { pathname: `/${name}` }).toString()
  yield* Effect.promise(async () => {
    const client = new pg.Client({ connectionString: admin })
    await client.connect()
    await client.query("create database bench_ours")
    await client.query("create database bench_graphile")
    await client.end()
  })

  const runner = Layer.succeed(TaskRunner, { run: (task) => Effect.sync(() => onStart(task.key)).pipe(Effect.as({ status: "review" } as const)) })
  const database = clientLayer(Redacted.make(dbUrl("bench_ours")), "devserver-bench").pipe(Layer.orDie)
  const migrated = Layer.effectDiscard(Effect.orDie(Migrations.run)).pipe(Layer.provideMerge(database))
  const store = Tasks.layer.pipe(Layer.provideMerge(Layer.merge(Events.layer, Settings.layer)))
  const services = Layer.mergeAll(QueueLive.layer, runner).pipe(Layer.provideMerge(store), Layer.provideMerge(migrated))

  const a = yield* ours(dbUrl("bench_ours")).pipe(Effect.provide(services), Effect.orDie)
  const b = yield* Effect.promise(() => graphile(dbUrl("bench_graphile")))
  const row = (name: string, f: Figures) =>
    `| ${name} | ${f.p50.toFixed(2)} ms | ${f.p99.toFixed(2)} ms | ${Math.round(f.throughput1)} /s | ${Math.round(f.throughput10)} /s | ${f.recovery} |`
  console.log([
    `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), node ${process.version}, ${SAMPLES} latency samples, ${JOBS} jobs per throughput run`,
    "",
    "| queue | enqueue→claim p50 | p99 | no-op throughput, concurrency 1 | concurrency 10 | crash recovery |",
    "|---|---|---|---|---|---|",
    row("DevServer", a),
    row("graphile-worker 0.17", b)
  ].join("\n"))
})

NodeRuntime.runMain(Effect.scoped(program))
