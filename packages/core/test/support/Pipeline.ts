/**
 * The real pipeline for agent tests: a fresh database, a temporary data folder, a bare repo as the
 * forge, one scripted model server per vendor protocol on loopback, the real CLIs configured to call
 * them, real git workspaces and the real `TaskRunner`.
 */
import { ConfigProvider, Context, Duration, Effect, Layer } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as AgentsLive from "../../src/agents/AgentsLive.js"
import * as Spend from "../../src/budget/Spend.js"
import * as Deliver from "../../src/pipeline/Deliver.js"
import type { SqlClient } from "@effect/sql"
import type { Llm } from "../../src/llm/Llm.js"
import type { Settings } from "../../src/store/Settings.js"
import * as RunTask from "../../src/pipeline/RunTask.js"
import * as RepoMapLive from "../../src/repomap/RepoMapLive.js"
import * as QueueLive from "../../src/queue/QueueLive.js"
import * as Worker from "../../src/queue/Worker.js"
import * as DataDir from "../../src/store/DataDir.js"
import * as VerifyLive from "../../src/verify/VerifyLive.js"
import * as WorkspaceLive from "../../src/workspace/WorkspaceLive.js"
import * as Anthropic from "./models/Anthropic.js"
import * as Gemini from "./models/Gemini.js"
import type { MockServer } from "./models/MockServer.js"
import * as OpenAi from "./models/OpenAi.js"
import * as Forge from "./Forge.js"
import * as TempDir from "./TempDir.js"
import * as TestStore from "./TestStore.js"

/** Secrets the agents must never see: one per vendor, plus what the worker itself holds. */
export const secrets = {
  anthropic: "sk-ant-test-anthropic-key",
  glm: "glm-test-bearer-token",
  google: "gemini-test-google-key",
  openai: "sk-test-openai-key",
  forgeToken: "forge-test-secret-token",
  databaseUrl: "postgres://devserver:db-test-secret@127.0.0.1:5432/devserver",
  telegram: "123456:telegram-test-secret-token"
} as const

export interface PipelineFixture {
  readonly dataDir: string
  readonly forge: { readonly url: string; readonly path: string }
  readonly anthropic: MockServer
  readonly glm: MockServer
  readonly openai: MockServer
  readonly google: MockServer
  /** The worktree a task's agent runs in. */
  readonly worktreeOf: (taskKey: string) => string
}

export class Fixture extends Context.Tag("test/Pipeline/Fixture")<Fixture, PipelineFixture>() {}

export interface Options {
  readonly bins: { readonly claude?: string | null; readonly codex?: string | null; readonly gemini?: string | null }
  /** Stall detection (minutes; fractions allowed; default 0.5: a CLI on a loaded machine can take 20 s to print its first line). */
  readonly stallMinutes?: number
  /** The system LLM of the pipeline (plan gate, compaction); default: from Config (none configured). */
  readonly llm?: Layer.Layer<Llm, never, SqlClient.SqlClient | Settings>
  /** The attempt loop's rate-limit waits (milliseconds; default 20, 40, 80). */
  readonly backoffMs?: ReadonlyArray<number>
}

const fixture = Layer.scoped(
  Fixture,
  Effect.gen(function*() {
    const root = yield* Effect.acquireRelease(
      Effect.sync(() => TempDir.make("devserver-agents-")),
      (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
    )
    const dataDir = path.join(root, "data")
    return {
      dataDir,
      forge: Forge.make(root),
      anthropic: yield* Anthropic.make(),
      glm: yield* Anthropic.make(),
      openai: yield* OpenAi.make(),
      google: yield* Gemini.make(),
      worktreeOf: (key: string) => path.join(dataDir, "worktrees", key)
    }
  })
)

const configFor = (f: PipelineFixture, options: Options) =>
  ConfigProvider.fromMap(
    new Map([
      ["PATH", process.env.PATH ?? "/usr/bin:/bin"],
      ["DEVSERVER_CLAUDE_BIN", options.bins.claude ?? "claude"],
      ["DEVSERVER_CODEX_BIN", options.bins.codex ?? "codex"],
      ["DEVSERVER_GEMINI_BIN", options.bins.gemini ?? "gemini"],
      ["ANTHROPIC_API_KEY", secrets.anthropic],
      ["ANTHROPIC_BASE_URL", f.anthropic.url],
      ["GLM_API_KEY", secrets.glm],
      ["GLM_BASE_URL", f.glm.url],
      ["GEMINI_API_KEY", secrets.google],
      ["GOOGLE_GEMINI_BASE_URL", f.google.url],
      ["OPENAI_API_KEY", secrets.openai],
      ["OPENAI_BASE_URL", `${f.openai.url}/v1`],
      ["DEVSERVER_OPENAI_MODEL", "gpt-5.5"],
      ["DEVSERVER_AGENT_MAX_RETRIES", "0"],
      ["DEVSERVER_AGENT_STALL_MINUTES", String(options.stallMinutes ?? 0.5)],
      ["DEVSERVER_AGENT_REPEAT_LIMIT", "3"]
    ])
  )

/** Fixture, store, workspaces, agents and the TaskRunner, for one test file. */
export const layer = (options: Options) =>
  Layer.unwrapEffect(
    Effect.map(Fixture, (f) => {
      const dataDir = DataDir.layer(f.dataDir)
      const agents = AgentsLive.layer.pipe(Layer.provide(Layer.setConfigProvider(configFor(f, options))))
      const workspace = WorkspaceLive.layerWith({
        authorName: "DevServer Agent",
        authorEmail: "agent@devserver.test",
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: f.dataDir }
      }).pipe(Layer.provide(dataDir))
      const runnerConfig = { backoff: { waitsMs: options.backoffMs ?? [20, 40, 80], jitter: 0 }, path: process.env.PATH ?? "/usr/bin:/bin" }
      const runner = options.llm === undefined ? RunTask.layerWith(runnerConfig) : RunTask.layerWithLlm(runnerConfig, options.llm)
      const verify = VerifyLive.layerWith({ stepTimeout: Duration.minutes(2), path: process.env.PATH ?? "/usr/bin:/bin", locale: "C.UTF-8", shell: "/bin/sh" })
      return runner.pipe(Layer.provideMerge(Layer.mergeAll(agents, workspace, dataDir, RepoMapLive.layer(), verify, Spend.layer, Deliver.layer)))
    })
  ).pipe(
    (services) => Layer.provideMerge(worker, services),
    Layer.provideMerge(QueueLive.layer),
    Layer.provideMerge(fixture),
    Layer.provideMerge(TestStore.layer)
  )

/** A real worker running the real TaskRunner; it claims only what a test enqueues. */
const worker = Layer.scopedDiscard(Worker.make({ workerId: "test-worker", pollInterval: "1 second", maxConcurrency: 2 }))

/** A backend of `vendor` configured like the pipeline's, but running `bin` (a fake CLI). */
export const backendWithBin = (f: PipelineFixture, vendor: "anthropic" | "google" | "openai", bin: string, options: Pick<Options, "stallMinutes"> = {}) =>
  Effect.gen(function*() {
    const settings = yield* AgentsLive.config.pipe(Effect.withConfigProvider(configFor(f, { bins: {}, ...options })))
    return yield* AgentsLive.make({ ...settings, [vendor]: { ...settings[vendor], bin } }).get(vendor)
  })
