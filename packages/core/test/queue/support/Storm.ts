/**
 * A worker storm, for the storm test and `bench/storm.ts`: real worker processes (`fixtures/stormWorker.ts`:
 * the real pipeline) run `command`-vendor tasks over repos with parallelism limits (bare repos on
 * disk as their forges) while a random worker's process group is SIGKILLed every few seconds and a new
 * worker started in its place. The tasks' commands write a ledger (`Ledger.ts`); the figures come
 * from it and from the database.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import * as child from "node:child_process"
import * as crypto from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { Queue } from "../../../src/queue/Queue.js"
import { Repos } from "../../../src/store/Repos.js"
import { Tasks } from "../../../src/store/Tasks.js"
import * as Forge from "../../support/Forge.js"
import * as Ledger from "./Ledger.js"

export interface StormOptions {
  readonly databaseUrl: string
  /** A folder of the caller's; everything the storm makes goes inside it. */
  readonly root: string
  readonly workers: number
  readonly concurrency: number
  readonly repos: ReadonlyArray<{ readonly name: string; readonly parallelism: number }>
  readonly tasks: number
  /** Each task's command runs this many 100 ms ticks. */
  readonly ticks: number
  /** How long the killing goes on, and the pause between two kills (random in the range). */
  readonly stormMs: number
  readonly killEveryMs: readonly [number, number]
  /** The storm goes on (up to three times `stormMs`) until this many kills. */
  readonly minKills?: number | undefined
  /** How long to wait, after the storm, for every task to finish. */
  readonly settleMs: number
  readonly log?: ((line: string) => void) | undefined
}

export interface StormFigures {
  readonly tasks: number
  readonly kills: number
  /** Tasks that ended without being delivered (not `review`), with their status and its reason. */
  readonly lost: ReadonlyArray<{ readonly key: string; readonly status: string; readonly reason: string | null }>
  /** Tasks still queued or running when the wait for the storm to settle ran out. */
  readonly unfinished: number
  readonly runs: number
  readonly overlappingRuns: number
  readonly parallelism: ReadonlyArray<{ readonly repo: string; readonly max: number; readonly limit: number }>
  /** Kill → the next start of each task the killed worker held (ms). */
  readonly rerunMs: ReturnType<typeof Ledger.summary>
  /** Kill → its `task_recovered` event (ms). */
  readonly recoveredMs: ReturnType<typeof Ledger.summary>
  /** Command processes that outlived their worker, and for how long at most (ms). */
  readonly orphanedRuns: number
  readonly orphanLifetimeMs: number
  /** Task processes still alive once every worker was stopped. */
  readonly orphansAfter: number
  /** Runs still `running` whose worker no longer holds their task. */
  readonly runsLeftRunning: number
}

const tsx = path.join(import.meta.dirname, "..", "..", "..", "..", "..", "node_modules", ".bin", "tsx")
const fixture = path.join(import.meta.dirname, "..", "fixtures", "stormWorker.ts")
const pause = (ms: number) => Effect.promise(() => new Promise((r) => setTimeout(r, ms)))
const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}
const killGroup = (pid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(-pid, signal)
  } catch { /* already gone */ }
}
/** Pids of live processes whose command line mentions `token`. */
const processesWith = (token: string) =>
  fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try {
      return pid !== process.pid && fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(token)
    } catch {
      return false
    }
  })

export const run = (options: StormOptions) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const queue = yield* Queue
    const tasks = yield* Tasks
    const repos = yield* Repos
    const log = options.log ?? (() => {})
    const ledger = path.join(options.root, "ledger.txt")
    for (const dir of ["home", "tmp", "logs", "data", "forges"]) fs.mkdirSync(path.join(options.root, dir), { recursive: true })

    const repoOf = new Map<string, string>()
    for (const { name, parallelism } of options.repos) {
      const forge = path.join(options.root, "forges", name)
      fs.mkdirSync(forge)
      yield* Effect.orDie(repos.add({ name, provider: "gitea", cloneUrl: Forge.make(forge).url, parallelism }))
    }
    // Tasks spread over the repos in proportion to their parallelism (slot by slot).
    const slots = options.repos.flatMap(({ name, parallelism }) => Array.from({ length: parallelism }, () => name))
    for (let i = 0; i < options.tasks; i++) {
      const repo = slots[i % slots.length]!
      const key = `storm-${i}`
      repoOf.set(key, repo)
      yield* Effect.orDie(tasks.create({ key, title: `storm ${i}`, repo, vendor: "command", gitFlow: "untracked", description: Ledger.command(ledger, key, options.ticks) }))
      yield* Effect.orDie(queue.enqueue(key))
    }

    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: path.join(options.root, "home"),
      TMPDIR: path.join(options.root, "tmp"),
      DATABASE_URL: options.databaseUrl,
      DEVSERVER_DATA_DIR: path.join(options.root, "data"),
      DEVSERVER_SECRET_KEY: crypto.randomBytes(32).toString("base64")
    }
    const live = new Map<number, { id: string; pid: number }>()
    let generation = 0
    const spawn = (slot: number) => {
      const id = `storm-w${slot}-${generation++}`
      const out = fs.openSync(path.join(options.root, "logs", `${id}.log`), "a")
      const proc = child.spawn(tsx, [fixture], { detached: true, stdio: ["ignore", out, out], env: { ...env, WORKER_ID: id, CONCURRENCY: String(options.concurrency) } })
      fs.closeSync(out)
      proc.unref()
      live.set(slot, { id, pid: proc.pid! })
    }
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        for (const { pid } of live.values()) killGroup(pid, "SIGKILL")
        for (const pid of processesWith(ledger)) killGroup(pid, "SIGKILL")
      })
    )
    for (let slot = 0; slot < options.workers; slot++) spawn(slot)

    // The storm starts when the first task runs (a worker process takes seconds to start on a loaded machine).
    const runningNow = sql<{ n: number }>`select count(*)::int as n from tasks where status in ('running', 'verifying')`
    const startBy = Date.now() + 120_000
    while ((yield* runningNow)[0]!.n === 0 && Date.now() < startBy) yield* pause(200)
    const kills: Array<{ at: number; held: ReadonlyArray<string> }> = []
    const stormEnds = Date.now() + options.stormMs
    const latest = stormEnds + 2 * options.stormMs
    while (Date.now() < stormEnds || (kills.length < (options.minKills ?? 0) && Date.now() < latest)) {
      const [min, max] = options.killEveryMs
      yield* pause(min + Math.random() * (max - min))
      // A worker that holds tasks (one still starting up or idle has nothing to lose).
      const busy = yield* sql<{ owner: string; keys: ReadonlyArray<string> }>`
        select lease_owner as owner, array_agg(key) as keys from tasks
        where status in ('running', 'verifying') and lease_owner in ${sql.in([...live.values()].map((w) => w.id))}
        group by lease_owner`
      // Another worker must be up to take the tasks back (on a loaded machine a new one takes tens of seconds to start).
      const registered = yield* sql<{ id: string }>`select id from workers where id in ${sql.in([...live.values()].map((w) => w.id))}`
      if (registered.length < 2) continue
      const pick = busy[Math.floor(Math.random() * busy.length)]
      const slot = [...live.entries()].find(([, w]) => w.id === pick?.owner)?.[0]
      if (pick === undefined || slot === undefined) continue
      killGroup(live.get(slot)!.pid, "SIGKILL")
      kills.push({ at: Date.now(), held: pick.keys })
      log(`killed ${pick.owner} holding [${pick.keys.join(", ")}]`)
      spawn(slot)
    }

    const unsettled = sql<{ n: number }>`select count(*)::int as n from tasks where key like 'storm-%' and status in ('queued', 'running', 'verifying')`
    const settleBy = Date.now() + options.settleMs
    while ((yield* unsettled)[0]!.n > 0 && Date.now() < settleBy) yield* pause(500)
    // Reapers close the runs of the last dead workers within a second or two.
    yield* pause(3000)
    // Open runs that no live claim explains (a task still running on a live worker may have one).
    const runsLeftRunning = (yield* sql<{ n: number }>`
      select count(*)::int as n from runs r where r.status in ('running', 'verifying') and not exists (
        select 1 from tasks t where t.id = r.task_id and t.lease_owner = r.worker_id and t.status in ('running', 'verifying'))`)[0]!.n
    const ended = yield* sql<{ key: string; status: string; reason: string | null }>`
      select t.key, t.status, (select e.payload->>'reason' from events e where e.task_id = t.id and e.type = 'status_changed'
        order by e.id desc limit 1) as reason
      from tasks t where t.key like 'storm-%' and t.status <> 'review' order by t.id`

    // Stop the workers as a user would (SIGTERM), then count task processes that outlived them.
    for (const { pid } of live.values()) killGroup(pid, "SIGTERM")
    const stopBy = Date.now() + 15_000
    while ([...live.values()].some(({ pid }) => groupAlive(pid)) && Date.now() < stopBy) yield* pause(200)
    const orphansAfter = processesWith(ledger).length

    // Kill → task_recovered (the queue's part of a rerun's delay; the rest is a worker starting it).
    const recoveredMs: Array<number> = []
    for (const { at, held } of kills) {
      const rows = yield* sql<{ ms: number }>`
        select (extract(epoch from min(e.created_at)) * 1000)::float8 as ms from events e join tasks t on t.id = e.task_id
        where t.key in ${sql.in([...held])} and e.type = 'task_recovered' and e.created_at > to_timestamp(${at / 1000})
        group by t.id`
      recoveredMs.push(...rows.map((r) => r.ms - at))
    }
    const runs = Ledger.read(ledger)
    const orphaned = runs.filter((r) => r.orphanedAt !== null)
    return {
      tasks: options.tasks,
      kills: kills.length,
      lost: ended.filter((t) => !["queued", "running", "verifying"].includes(t.status)),
      unfinished: ended.filter((t) => ["queued", "running", "verifying"].includes(t.status)).length,
      runs: runs.length,
      overlappingRuns: Ledger.overlappingRuns(runs),
      parallelism: options.repos.map(({ name, parallelism }) => ({
        repo: name,
        max: Ledger.maxParallel(runs.filter((r) => repoOf.get(r.key) === name)),
        limit: parallelism
      })),
      rerunMs: Ledger.summary(Ledger.rerunDelays(runs, kills)),
      recoveredMs: Ledger.summary(recoveredMs),
      orphanedRuns: orphaned.length,
      orphanLifetimeMs: Math.max(0, ...orphaned.map((r) => r.last - r.orphanedAt!)),
      orphansAfter,
      runsLeftRunning
    } satisfies StormFigures
  })
