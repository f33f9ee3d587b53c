/**
 * Worker storm benchmark: real worker processes (the real pipeline) run `command` tasks over three
 * repos with parallelism 1/2/3 while a busy worker's process group is SIGKILLed every few seconds
 * and a new worker started in its place (packages/core/test/queue/support/Storm.ts).
 *   npx tsx bench/storm.ts [--minutes 10] [--workers 4] [--concurrency 3] [--tasks 300] [--ticks 20] [--kill-min 2] [--kill-max 5]
 * Prints: tasks lost, overlapping runs (from the tasks' ledger), max parallelism per repo against its
 * limit, kill → rerun start and kill → task_recovered (min/median/max), runs orphaned by a kill,
 * task processes left after the storm, runs left `running`.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Layer, Redacted } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import pg from "pg"
import * as QueueLive from "../packages/core/src/queue/QueueLive.js"
import * as SecretBox from "../packages/core/src/secrets/SecretBox.js"
import { clientLayer } from "../packages/core/src/store/Database.js"
import * as EmbeddedPostgres from "../packages/core/src/store/EmbeddedPostgres.js"
import * as Migrations from "../packages/core/src/store/Migrations.js"
import * as Store from "../packages/core/src/store/Store.js"
import * as Storm from "../packages/core/test/queue/support/Storm.js"

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const MINUTES = arg("minutes", 10)

const program = Effect.gen(function*() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-bench-storm-"))
  fs.chmodSync(dir, 0o755)
  yield* Effect.addFinalizer(() => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true })))
  const server = yield* EmbeddedPostgres.start(path.join(dir, "pg"))
  const url = Object.assign(new URL(Redacted.value(server.url)), { pathname: "/bench_storm" }).toString()
  yield* Effect.promise(async () => {
    const client = new pg.Client({ connectionString: Redacted.value(server.url) })
    await client.connect()
    await client.query("create database bench_storm")
    await client.end()
  })
  const database = clientLayer(Redacted.make(url), "devserver-bench").pipe(Layer.orDie)
  const migrated = Layer.effectDiscard(Effect.orDie(Migrations.run)).pipe(Layer.provideMerge(database))
  const services = QueueLive.layer.pipe(Layer.provideMerge(Store.layer), Layer.provideMerge(Layer.merge(migrated, SecretBox.layer(Buffer.alloc(32, 7)))))

  const root = path.join(dir, "storm")
  fs.mkdirSync(root)
  const started = Date.now()
  const figures = yield* Storm.run({
    databaseUrl: url,
    root,
    workers: arg("workers", 4),
    concurrency: arg("concurrency", 3),
    repos: [{ name: "one", parallelism: 1 }, { name: "two", parallelism: 2 }, { name: "three", parallelism: 3 }],
    tasks: arg("tasks", 300),
    ticks: arg("ticks", 20),
    stormMs: MINUTES * 60_000,
    killEveryMs: [arg("kill-min", 2) * 1000, arg("kill-max", 5) * 1000],
    settleMs: 10 * 60_000,
    log: (line) => console.log(`${((Date.now() - started) / 1000).toFixed(1)}s ${line}`)
  }).pipe(Effect.provide(services))

  const ms = (s: Storm.StormFigures["rerunMs"]) => (s === null ? "none" : `${(s.min / 1000).toFixed(1)} / ${(s.median / 1000).toFixed(1)} / ${(s.max / 1000).toFixed(1)} s (n = ${s.n})`)
  console.log(JSON.stringify(figures))
  console.log([
    "",
    `${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} at the end; ${MINUTES} min storm, ${figures.kills} kills, ${((Date.now() - started) / 60_000).toFixed(1)} min in all`,
    "",
    "| figure | result | target |",
    "|---|---|---|",
    `| tasks lost (ended without delivery) | ${figures.lost.length} of ${figures.tasks}${figures.lost.length ? ` (${figures.lost.slice(0, 5).map((l) => `${l.key} ${l.status}: ${l.reason}`).join("; ")})` : ""} | 0 |`,
    `| tasks not finished when the wait ran out | ${figures.unfinished} | |`,
    `| overlapping runs of one task | ${figures.overlappingRuns} (of ${figures.runs} runs) | 0 |`,
    `| max parallelism per repo / limit | ${figures.parallelism.map((p) => `${p.repo} ${p.max}/${p.limit}`).join(", ")} | ≤ limit |`,
    `| kill → rerun start, min / median / max | ${ms(figures.rerunMs)} | within the lease |`,
    `| kill → task_recovered, min / median / max | ${ms(figures.recoveredMs)} | |`,
    `| runs orphaned by a kill (lived on after their worker) | ${figures.orphanedRuns} (longest ${figures.orphanLifetimeMs} ms) | 0 |`,
    `| task processes left after the storm | ${figures.orphansAfter} | 0 |`,
    `| runs left running that no live claim explains | ${figures.runsLeftRunning} | 0 |`
  ].join("\n"))
})

NodeRuntime.runMain(Effect.scoped(program))
