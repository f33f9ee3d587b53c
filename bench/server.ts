/**
 * The server's figures:
 * - tasks.list over 100,000 tasks: the time of one call (HTTP round trip on loopback, an upper bound
 *   of server time), p50/p95, for the first page, a deep page, each filter, search and sorts;
 * - `devserver start` (the built CLI) until its URL answers /healthz: cold (fresh data folder) and warm;
 * - RSS of that all-in-one process after it has idled.
 *
 *   npm run build && npx tsx bench/server.ts [--tasks 100000] [--samples 100] [--starts 3] [--skip-list]
 */
import * as SecretBox from "../packages/core/src/secrets/SecretBox.js"
import { clientLayer } from "../packages/core/src/store/Database.js"
import * as EmbeddedPostgres from "../packages/core/src/store/EmbeddedPostgres.js"
import * as Migrations from "../packages/core/src/store/Migrations.js"
import * as Store from "../packages/core/src/store/Store.js"
import * as HttpServer from "../packages/server/src/http/HttpServer.js"
import * as ServerConfig from "../packages/server/src/ServerConfig.js"
import * as Services from "../packages/server/src/Services.js"
import { SqlClient } from "@effect/sql"
import { Context, Effect, Exit, Layer, Scope } from "effect"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { performance } from "node:perf_hooks"

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const TASKS = arg("tasks", 100_000)
const SAMPLES = arg("samples", 100)
const STARTS = arg("starts", 3)
const SKIP_LIST = process.argv.includes("--skip-list")
const bin = path.resolve(import.meta.dirname, "../packages/cli/dist/bin.js")
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (values: ReadonlyArray<number>, p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!
const ms = (n: number) => n.toFixed(1)

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-bench-server-"))
fs.chmodSync(tmp, 0o755)

// ------------------------------------------------------------------ tasks.list over 100,000 tasks
const seed = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`insert into repos (name, provider, clone_url) values ('api', 'github', 'https://x/api.git'), ('web', 'github', 'https://x/web.git'), ('docs', 'github', 'https://x/docs.git')`
  yield* sql`insert into tasks (key, title, priority, labels, repo_id, status, archived, created_at, updated_at)
    select 'B-' || g, (array['Fix', 'Add', 'Refactor', 'Document', 'Test'])[1 + g % 5] || ' ' || md5(g::text),
      1 + g % 4, case when g % 10 = 0 then array['ui', 'backend'] else array['backend'] end, 1 + g % 3,
      (array['pending', 'review', 'done', 'failed', 'cancelled', 'blocked'])[1 + g % 6], g % 20 = 0,
      now() - g * interval '1 minute', now() - g * interval '1 second'
    from generate_series(1, ${TASKS}) g`
  yield* sql`analyze`
})

const listCases: ReadonlyArray<readonly [string, object]> = [
  ["first page (newest 50)", {}],
  ["page 1,000 (offset 49,950)", { offset: 49_950 }],
  ["status = failed", { status: ["failed"] }],
  ["repo = web", { repo: "web" }],
  ["priority = 1, label = ui", { priority: 1, label: "ui" }],
  ["search \"refactor 3f\"", { search: "refactor 3f" }],
  ["search \"B-4242\"", { search: "B-4242" }],
  ["sort by priority", { sort: "priority", order: "asc" }],
  ["sort by title, archived too", { sort: "title", order: "asc", includeArchived: true }]
]

const measureList = Effect.gen(function*() {
  const scope = yield* Scope.make()
  const pgServer = yield* Scope.extend(EmbeddedPostgres.start(path.join(tmp, "list-pg")), scope)
  const services = Services.standaloneLayer.pipe(
    Layer.provideMerge(Store.layer),
    Layer.provideMerge(Layer.merge(Layer.effectDiscard(Migrations.run).pipe(Layer.provideMerge(clientLayer(pgServer.url, "bench"))), SecretBox.layer(Buffer.alloc(32, 1))))
  )
  const web = path.join(tmp, "web")
  fs.mkdirSync(web)
  const context = yield* Layer.buildWithScope(
    HttpServer.layer.pipe(Layer.provide(ServerConfig.layer({ host: "127.0.0.1", port: 0, webDir: web })), Layer.provideMerge(services)),
    scope
  )
  const t0 = performance.now()
  yield* Effect.provide(seed, context)
  const seeded = performance.now() - t0
  const { url } = Context.get(context, HttpServer.HttpServer)
  const rows: Array<string> = []
  for (const [name, input] of listCases) {
    const target = `${url}trpc/tasks.list?input=${encodeURIComponent(JSON.stringify(input))}`
    const times: Array<number> = []
    let total = 0
    for (let i = 0; i < SAMPLES + 5; i++) {
      const s = performance.now()
      const res = yield* Effect.promise(() => fetch(target).then((r) => r.json() as Promise<{ result: { data: { total: number } } }>))
      if (i >= 5) times.push(performance.now() - s)
      total = res.result.data.total
    }
    rows.push(`| ${name} | ${total.toLocaleString("en")} | ${ms(pct(times, 50))} | ${ms(pct(times, 95))} |`)
  }
  yield* Scope.close(scope, Exit.void)
  return { rows, seeded }
})

// ------------------------------------------------------------------ devserver start → URL answering
const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN)

/** Starts the CLI on `dataDir`, returns ms until /healthz answers; `idle` ms later the RSS; then stops it. */
const startOnce = async (dataDir: string, port: number, idleMs: number) => {
  const t0 = performance.now()
  const child = spawn(process.execPath, [bin, "start"], {
    env: { ...process.env, DEVSERVER_DATA_DIR: dataDir, DEVSERVER_PORT: String(port), DEVSERVER_HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"]
  })
  let answered = NaN
  while (performance.now() - t0 < 60_000) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)
    if (ok) {
      answered = performance.now() - t0
      break
    }
    await pause(5)
  }
  await pause(idleMs)
  const rss = rssKb(child.pid!)
  const exited = new Promise((r) => child.once("exit", r))
  child.kill("SIGINT")
  await Promise.race([exited, pause(15_000)])
  // A postgres left behind by an interrupted stop would turn the next start into a recovery.
  const pidFile = path.join(dataDir, "postgres", "postmaster.pid")
  if (fs.existsSync(pidFile)) {
    const pgPid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0])
    try {
      process.kill(pgPid, "SIGINT")
      await pause(1000)
    } catch {
      // already gone
    }
  }
  return { answered, rss }
}

const measureStart = async () => {
  const colds: Array<number> = []
  const warms: Array<number> = []
  let rss = NaN
  for (let i = 0; i < STARTS; i++) {
    const dataDir = path.join(tmp, `start-${i}`)
    colds.push((await startOnce(dataDir, 17_500 + i, 0)).answered)
    const warm = await startOnce(dataDir, 17_500 + i, i === STARTS - 1 ? 20_000 : 0)
    warms.push(warm.answered)
    if (i === STARTS - 1) rss = warm.rss
  }
  return { colds, warms, rss }
}

const main = async () => {
  try {
    if (!SKIP_LIST) {
      const list = await Effect.runPromise(measureList)
      console.log(`seeded ${TASKS.toLocaleString("en")} tasks in ${ms(list.seeded / 1000)} s; ${SAMPLES} calls per case after 5 warm-up calls`)
      console.log("| tasks.list | matching | p50 ms | p95 ms |\n|---|---|---|---|")
      for (const row of list.rows) console.log(row)
    }
    if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`)
    const start = await measureStart()
    console.log(`\n| devserver start → /healthz answers | runs | median ms | max ms |\n|---|---|---|---|`)
    console.log(`| cold (fresh data folder: initdb, migrations) | ${start.colds.length} | ${ms(pct(start.colds, 50))} | ${ms(Math.max(...start.colds))} |`)
    console.log(`| warm (same data folder) | ${start.warms.length} | ${ms(pct(start.warms, 50))} | ${ms(Math.max(...start.warms))} |`)
    console.log(`\nidle RSS of the all-in-one process after 20 s: ${(start.rss / 1024).toFixed(0)} MB (postgres's own processes not included)`)
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

void main()
