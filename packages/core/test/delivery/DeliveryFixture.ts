/**
 * Delivery test bench: a fresh database, a data folder, real workspaces, the real delivery step over a
 * git smart-HTTP forge (token-checked `git http-backend`) and a loopback forge API, plus helpers that
 * prepare a task with committed work and scan everything for a leaked token.
 */
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Option, Redacted, type Scope } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Deliveries from "../../src/delivery/Deliveries.js"
import * as DeliverLive from "../../src/delivery/DeliverLive.js"
import type { DeliveryConfig } from "../../src/delivery/DeliveryConfig.js"
import * as ForgeLive from "../../src/forge/ForgeLive.js"
import { type DeliveryInput, totalsOf } from "../../src/pipeline/Deliver.js"
import * as DataDir from "../../src/store/DataDir.js"
import { Repos } from "../../src/store/Repos.js"
import { Runs } from "../../src/store/Runs.js"
import { Tasks } from "../../src/store/Tasks.js"
import { Workspace } from "../../src/workspace/Workspace.js"
import * as WorkspaceLive from "../../src/workspace/WorkspaceLive.js"
import * as Forge from "../support/Forge.js"
import * as ForgeApi from "../support/ForgeApi.js"
import * as GitHttp from "../support/GitHttp.js"
import * as TestStore from "../support/TestStore.js"

export const TOKEN = "dlv-test-forge-token-7f3a9c"
export const AGENT = { name: "DevServer Agent", email: "agent@devserver.test" }

export const bench = (root: string) => {
  const dataDir = path.join(root, "data")
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root }
  const settings: DeliveryConfig = {
    authorName: AGENT.name, authorEmail: AGENT.email, env,
    retry: { retries: 3, baseMs: 50, maxMs: 1500 },
    globalToken: Option.none(), ignoreGlobs: [], maxFileBytes: 1024 * 1024
  }
  const layer = DeliverLive.layerWith(settings).pipe(
    Layer.provideMerge(Layer.mergeAll(
      WorkspaceLive.layerWith({ authorName: AGENT.name, authorEmail: AGENT.email, env }),
      Deliveries.layer,
      ForgeLive.layer
    )),
    Layer.provideMerge(DataDir.layer(dataDir)),
    Layer.provideMerge(TestStore.layer)
  )
  return { dataDir, env, settings, layer }
}

export interface Remote {
  readonly dir: string
  readonly bare: string
  readonly git: GitHttp.GitHttp
  readonly api: ForgeApi.ForgeApi
  /** Runs git in the bare repository. */
  readonly run: (...args: Array<string>) => string
}

let n = 0

/** A forge: bare repo with `main` behind smart HTTP, and the API of `flavor`. */
export const remote = (root: string, flavor: ForgeApi.Flavor): Effect.Effect<Remote, never, Scope.Scope> =>
  Effect.gen(function*() {
    const dir = path.join(root, `forge-${++n}`)
    fs.mkdirSync(dir, { recursive: true })
    const bare = Forge.make(dir).path
    const git = yield* GitHttp.serve(dir, TOKEN)
    const api = yield* ForgeApi.serve(flavor, { token: TOKEN })
    return { dir, bare, git, api, run: (...args: Array<string>) => Forge.run(bare, ...args) }
  })

/** Adds a repo on `remote`, a task with `flow`, acquires its worktree and commits `files` as the agent. */
export const taskWithWork = (r: Remote, flow: "pr" | "commit" | "patch", files: Record<string, string>, options: { token?: string; title?: string } = {}) =>
  Effect.gen(function*() {
    const repo = yield* (yield* Repos).add({
      name: `repo-${++n}`, provider: r.api.flavor, cloneUrl: `${r.git.url}/forge.git`, apiUrl: r.api.url, forgeRepo: `${r.api.owner}/${r.api.name}`
    }, Redacted.make(options.token ?? TOKEN))
    const task = yield* (yield* Tasks).create({ title: options.title ?? "Add the greeting", description: "Greet the user.", repo: repo.name, gitFlow: flow })
    const worktree = yield* (yield* Workspace).acquire(task, repo)
    yield* commitFiles(worktree, files, task.title)
    return { repo, task, worktree }
  })

export const commitFiles = (worktree: { path: string; taskKey: string }, files: Record<string, string>, title = "work") =>
  Effect.gen(function*() {
    for (const [f, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(worktree.path, f)), { recursive: true })
      fs.writeFileSync(path.join(worktree.path, f), content)
    }
    return yield* (yield* Workspace).commit(worktree as never, { title, trailers: { "DevServer-Task": worktree.taskKey } })
  })

/** A finished, succeeded run and the delivery input around it. */
export const inputFor = (w: { task: DeliveryInput["task"]; repo: DeliveryInput["repo"]; worktree: DeliveryInput["worktree"] }, extra: Partial<DeliveryInput> = {}) =>
  Effect.gen(function*() {
    const runs = yield* Runs
    const started = yield* runs.start({ taskId: w.task.id, attempt: 1, vendor: "anthropic", model: "claude-sonnet-4-5", workerId: "w1", branch: w.worktree.branch })
    const run = yield* runs.finish(started.id, { status: "succeeded", turns: 7, costUsd: 0.1234, verification: [{ step: "test", ok: true, exitCode: 0, durationMs: 1500 }] })
    return {
      ...w, run, runs: [run], summary: "Added a greeting module and its test.",
      verification: run.verification, verificationSkipped: false, totals: totalsOf([run]), failover: null, ...extra
    } satisfies DeliveryInput
  })

const walk = (dir: string): Array<string> =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? walk(p) : e.isFile() ? [p] : []
  }) : []

/** Files under `dirs` and stored rows (events, runs, artifacts, tasks, repos) that contain `token`. */
export const tokenLeaks = (token: string, dirs: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const leaks = dirs.flatMap(walk).filter((f) => fs.readFileSync(f).includes(token))
    for (const table of ["events", "runs", "artifacts", "tasks", "repos"]) {
      const rows = yield* sql<{ t: string }>`select t::text as t from ${sql(table)} t`.pipe(Effect.orDie)
      if (rows.some((r) => r.t.includes(token))) leaks.push(`table ${table}`)
    }
    return leaks
  })
