/**
 * `doctor`: one line per thing DevServer needs, each ✓ or ✗ with how to fix it. Required checks
 * (Node, git, the database reachable and migrated, a writable data folder with free space, stored forge
 * tokens and a configured Telegram token that the services accept) decide the exit code; the others
 * inform (agent CLIs, vendor keys, the agents' git identity, worktree disk usage). Secrets are only
 * ever reported as present or missing. Every check turns its own failure into a ✗ line: the doctor
 * always finishes.
 */
import { Config, Effect } from "effect"
import * as AgentsLive from "../agents/AgentsLive.js"
import * as Checks from "./DoctorChecks.js"
import type { Check, DoctorConfig } from "./DoctorChecks.js"

export type { Check, DoctorConfig } from "./DoctorChecks.js"
export { fail, pass } from "./DoctorChecks.js"

/** What the doctor reads from the environment (through Config, like every other layer). */
export const config = Effect.gen(function*() {
  const agents = yield* AgentsLive.config
  const entry = (vendor: string, settings: AgentsLive.AgentsConfig["anthropic"], binVariable: string, keyVariable: string) =>
    ({ vendor, bin: settings.bin, binVariable, keyVariable, hasKey: settings.apiKey !== null })
  return {
    path: agents.runner.path,
    agents: [
      entry("anthropic", agents.anthropic, "DEVSERVER_CLAUDE_BIN", "ANTHROPIC_API_KEY"),
      entry("glm", agents.glm, "DEVSERVER_CLAUDE_BIN", "GLM_API_KEY"),
      entry("google", agents.google, "DEVSERVER_GEMINI_BIN", "GEMINI_API_KEY"),
      entry("openai", agents.openai, "DEVSERVER_CODEX_BIN", "OPENAI_API_KEY")
    ],
    gitAuthor: {
      name: yield* Config.option(Config.string("DEVSERVER_GIT_AUTHOR_NAME")),
      email: yield* Config.option(Config.string("DEVSERVER_GIT_AUTHOR_EMAIL"))
    },
    telegram: {
      token: yield* Config.option(Config.redacted("TELEGRAM_BOT_TOKEN")),
      apiRoot: yield* Config.string("TELEGRAM_API_ROOT").pipe(Config.withDefault("https://api.telegram.org"))
    },
    worktreeRetentionDays: null
  } satisfies DoctorConfig
})

/** The checks that need no database, in display order. */
export const local = (settings: DoctorConfig, dataDir: string) =>
  Effect.all([
    Checks.node,
    Checks.git(settings.path),
    Effect.succeed(Checks.gitIdentity(settings.gitAuthor)),
    Effect.forEach(Checks.distinctBins(settings.agents), (a) => Checks.agentCli(a, settings.path)),
    Effect.succeed(settings.agents.map(Checks.vendorKey)),
    Effect.succeed(Checks.dataFolder(dataDir)),
    Effect.succeed(Checks.worktrees(dataDir, settings.worktreeRetentionDays)),
    Checks.telegram(settings.telegram)
  ]).pipe(Effect.map((groups) => groups.flat()))

/** Whether every required check passed. */
export const healthy = (checks: ReadonlyArray<Check>) => checks.every((c) => c.ok || !c.required)
