/**
 * The dashboard's figures: event committed → visible in the browser's DOM (p50/p95), and the
 * JavaScript the first page loads (gzipped). Runs `devserver start` on a fresh data folder and Debian's
 * Chromium (playwright-core); a command task prints lines at a steady pace while the task page is open.
 *
 *   npx tsx bench/web.ts [--lines 300] [--interval-ms 50]
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as zlib from "node:zlib"
import pg from "pg"
import { eventually, makeApi } from "../packages/web/test/support/Api.js"
import { launch } from "../packages/web/test/support/Browser.js"
import { startDevServer } from "../packages/web/test/support/DevServerProcess.js"

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const lines = arg("lines", 300)
const intervalMs = arg("interval-ms", 50)
const webDist = path.resolve(import.meta.dirname, "../packages/web/dist")

const quantile = (sorted: ReadonlyArray<number>, q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN

const main = async () => {
  const server = await startDevServer()
  const browser = await launch()
  try {
    const api = makeApi(server.url)
    // First page: every script the dashboard loads, gzipped as served over the wire would be.
    const page = await browser.context.newPage()
    const scripts = new Set<string>()
    page.on("response", (r) => {
      if (r.request().resourceType() === "script") scripts.add(new URL(r.url()).pathname)
    })
    await page.goto(server.url)
    await page.waitForSelector("main h1")
    await page.waitForLoadState("networkidle")
    const files = [...scripts].map((p) => {
      const body = fs.readFileSync(path.join(webDist, p))
      return { path: p, raw: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length }
    })
    const firstPage = { files, raw: files.reduce((a, f) => a + f.raw, 0), gzip: files.reduce((a, f) => a + f.gzip, 0) }

    // Latency: a task page open, a task printing `lines` lines every `intervalMs`.
    const task = await api.tasks.create.mutate({
      title: "Latency probe",
      description: `i=0; while [ $i -lt ${lines} ]; do i=$((i+1)); echo "probe $i"; sleep ${intervalMs / 1000}; done; echo done > out.txt`,
      vendor: "command",
      gitFlow: "untracked"
    } as never)
    // Recorded in the page from its first script: when each event's SSE message arrived, and when its
    // element entered the DOM (wall clock, comparable with the database's now()).
    await page.addInitScript(() => {
      const w = window as unknown as { arrived: Map<number, number>; shown: Map<number, number> }
      w.arrived = new Map()
      w.shown = new Map()
      const Native = window.EventSource
      window.EventSource = class extends Native {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init)
          this.addEventListener("message", (m: MessageEvent<string>) => {
            const id = Number(m.lastEventId)
            if (id > 0 && !w.arrived.has(id)) w.arrived.set(id, Date.now())
          })
        }
      }
      new MutationObserver((records) => {
        const now = Date.now()
        for (const r of records) {
          for (const node of r.addedNodes) {
            const id = node instanceof HTMLElement ? Number(node.dataset.eventId) : NaN
            if (id > 0 && !w.shown.has(id)) w.shown.set(id, now)
          }
        }
      }).observe(document, { childList: true, subtree: true })
    })
    await page.goto(`${server.url}tasks/${task.key}`)
    await page.getByTestId("task-status").waitFor()
    await api.tasks.enqueue.mutate({ key: task.key })
    await eventually(async () => ["review", "failed"].includes((await api.tasks.get.query({ key: task.key })).status), 600_000, "the probe task to finish")
    await page.waitForTimeout(1000)
    const [arrived, shown] = await page.evaluate(() => {
      const w = window as unknown as { arrived: Map<number, number>; shown: Map<number, number> }
      return [[...w.arrived], [...w.shown]] as const
    })
    const arrivedAt = new Map<number, number>(arrived)
    const seen = new Map<number, number>(shown)
    const db = new pg.Client({ connectionString: server.databaseUrl() })
    await db.connect()
    const rows = (await db.query(
      "select id, extract(epoch from created_at) * 1000 as at, type from events where task_id = $1 order by id",
      [task.id]
    )).rows as Array<{ id: string; at: string; type: string }>
    await db.end()
    const measured = rows.filter((r) => seen.has(Number(r.id)) && arrivedAt.has(Number(r.id)))
    const sorted = (xs: Array<number>) => xs.sort((a, b) => a - b)
    const latencies = sorted(measured.map((r) => seen.get(Number(r.id))! - Number(r.at)))
    const transport = sorted(measured.map((r) => arrivedAt.get(Number(r.id))! - Number(r.at)))
    const render = sorted(measured.map((r) => seen.get(Number(r.id))! - arrivedAt.get(Number(r.id))!))
    const result = {
      lines,
      intervalMs,
      events: rows.length,
      measured: latencies.length,
      p50Ms: Math.round(quantile(latencies, 0.5)),
      p95Ms: Math.round(quantile(latencies, 0.95)),
      maxMs: Math.round(latencies.at(-1) ?? NaN),
      transport: { p50Ms: Math.round(quantile(transport, 0.5)), p95Ms: Math.round(quantile(transport, 0.95)) },
      render: { p50Ms: Math.round(quantile(render, 0.5)), p95Ms: Math.round(quantile(render, 0.95)) },
      loadAverage: os.loadavg().map((l) => +l.toFixed(1)),
      firstPageJs: { files: firstPage.files.length, rawKb: +(firstPage.raw / 1024).toFixed(1), gzipKb: +(firstPage.gzip / 1024).toFixed(1) },
      perFile: firstPage.files.map((f) => `${f.path} ${(f.gzip / 1024).toFixed(1)} kB`)
    }
    console.log(JSON.stringify(result, null, 2))
    console.log(`| event committed → DOM | p50 ${result.p50Ms} ms | p95 ${result.p95Ms} ms | max ${result.maxMs} ms | ${result.measured}/${result.events} events |`)
    console.log(`| of which committed → SSE message in the page | p50 ${result.transport.p50Ms} ms | p95 ${result.transport.p95Ms} ms |`)
    console.log(`| of which SSE message → DOM | p50 ${result.render.p50Ms} ms | p95 ${result.render.p95Ms} ms |`)
    console.log(`| load average during the run | ${result.loadAverage.join(" / ")} |`)
    console.log(`| first page JS | ${result.firstPageJs.gzipKb} kB gzipped (${result.firstPageJs.rawKb} kB raw, ${result.firstPageJs.files} files) |`)
  } finally {
    await browser.close()
    await server.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
