/**
 * The built-in backends with their settings read from Config while the layer is built.
 * Keys are `Config.redacted` and reach only the selected vendor's process, and only with billing `api`.
 *
 * | setting | default |
 * |---|---|
 * | `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`, `DEVSERVER_ANTHROPIC_MODEL` | none: the CLI's default endpoint/model |
 * | `GLM_API_KEY`, `GLM_BASE_URL`, `DEVSERVER_GLM_MODEL` | Zhipu's Anthropic-compatible endpoint |
 * | `GEMINI_API_KEY`, `GOOGLE_GEMINI_BASE_URL`, `DEVSERVER_GOOGLE_MODEL` | `gemini-2.5-pro` |
 * | `OPENAI_API_KEY`, `OPENAI_BASE_URL` (→ a custom Codex provider), `DEVSERVER_OPENAI_MODEL`, `DEVSERVER_CODEX_CONFIG` (`;`-separated `-c` entries) | Codex's defaults |
 * | `DEVSERVER_CLAUDE_BIN`, `DEVSERVER_GEMINI_BIN`, `DEVSERVER_CODEX_BIN` | `claude`, `gemini`, `codex` on PATH |
 * | `DEVSERVER_AGENT_MAX_RETRIES` | the CLIs' own retry defaults |
 * | `DEVSERVER_AGENT_STALL_MINUTES`, `DEVSERVER_AGENT_REPEAT_LIMIT` | 10 minutes, 5 calls |
 * | `DEVSERVER_AGENT_PATH` (else `PATH`), `DEVSERVER_AGENT_LOCALE` | the worker's PATH, `C.UTF-8` |
 */
import { Config, Effect, Layer, Option, type Redacted } from "effect"
import { AgentBackends, AgentError, CustomBackends, type AgentBackend } from "./AgentBackend.js"
import * as Claude from "./Claude.js"
import type { Cli, CliSettings } from "./Cli.js"
import * as Codex from "./Codex.js"
import * as Command from "./Command.js"
import * as Gemini from "./Gemini.js"
import * as Glm from "./Glm.js"
import * as Runner from "./Runner.js"

const optionalString = (name: string) => Config.option(Config.string(name)).pipe(Config.map(Option.getOrNull))
const optionalKey = (name: string) =>
  Config.option(Config.redacted(name)).pipe(Config.map((o): Redacted.Redacted<string> | null => Option.getOrNull(o)))

const vendorConfig = (prefix: { key: string; baseUrl: string; model: string; bin: string; binDefault: string }, maxRetries: number | null) =>
  Config.all({
    bin: Config.string(prefix.bin).pipe(Config.withDefault(prefix.binDefault)),
    apiKey: optionalKey(prefix.key),
    baseUrl: optionalString(prefix.baseUrl),
    defaultModel: optionalString(prefix.model),
    maxRetries: Config.succeed(maxRetries),
    extraConfig: Config.succeed([] as ReadonlyArray<string>)
  }) satisfies Config.Config<CliSettings>

export interface AgentsConfig {
  readonly runner: Runner.RunnerSettings
  readonly anthropic: CliSettings
  readonly glm: CliSettings
  readonly google: CliSettings
  readonly openai: CliSettings
}

export const config: Config.Config<AgentsConfig> = Effect.gen(function*() {
  const maxRetries = Option.getOrNull(yield* Config.option(Config.integer("DEVSERVER_AGENT_MAX_RETRIES")))
  const claudeBin = { bin: "DEVSERVER_CLAUDE_BIN", binDefault: "claude" }
  const codexExtra = Option.getOrElse(yield* Config.option(Config.string("DEVSERVER_CODEX_CONFIG")), () => "")
  const openai = yield* vendorConfig({ key: "OPENAI_API_KEY", baseUrl: "OPENAI_BASE_URL", model: "DEVSERVER_OPENAI_MODEL", bin: "DEVSERVER_CODEX_BIN", binDefault: "codex" }, maxRetries)
  return {
    runner: {
      path: yield* Config.string("DEVSERVER_AGENT_PATH").pipe(Config.orElse(() => Config.string("PATH")), Config.withDefault("/usr/local/bin:/usr/bin:/bin")),
      locale: yield* Config.string("DEVSERVER_AGENT_LOCALE").pipe(Config.withDefault("C.UTF-8")),
      stallMs: (yield* Config.number("DEVSERVER_AGENT_STALL_MINUTES").pipe(Config.withDefault(10))) * 60_000,
      repeatLimit: yield* Config.integer("DEVSERVER_AGENT_REPEAT_LIMIT").pipe(Config.withDefault(5)),
      loginHome: Option.getOrNull(yield* Config.option(Config.string("HOME")))
    },
    anthropic: yield* vendorConfig({ key: "ANTHROPIC_API_KEY", baseUrl: "ANTHROPIC_BASE_URL", model: "DEVSERVER_ANTHROPIC_MODEL", ...claudeBin }, maxRetries),
    glm: yield* vendorConfig({ key: "GLM_API_KEY", baseUrl: "GLM_BASE_URL", model: "DEVSERVER_GLM_MODEL", ...claudeBin }, maxRetries),
    google: yield* vendorConfig({ key: "GEMINI_API_KEY", baseUrl: "GOOGLE_GEMINI_BASE_URL", model: "DEVSERVER_GOOGLE_MODEL", bin: "DEVSERVER_GEMINI_BIN", binDefault: "gemini" }, maxRetries),
    openai: { ...openai, extraConfig: codexExtra.split(/[;\n]/).map((s) => s.trim()).filter((s) => s !== "") }
  }
}) as unknown as Config.Config<AgentsConfig>

/** A backend from a vendor module and the runner settings. */
export const backend = (cli: Cli, runner: Runner.RunnerSettings): AgentBackend => ({
  vendor: cli.vendor,
  run: (request) => Runner.run(cli, runner, request).pipe(Effect.withSpan("AgentBackend.run", { attributes: { vendor: cli.vendor } }))
})

export const make = (settings: AgentsConfig, extra: ReadonlyArray<Cli> = [], custom: ReadonlyArray<AgentBackend> = []) => {
  const clis = [
    Claude.make(settings.anthropic, { vendor: "anthropic", auth: "ANTHROPIC_API_KEY" }),
    Glm.make(settings.glm),
    Gemini.make(settings.google),
    Codex.make(settings.openai),
    Command.make(),
    ...extra
  ]
  const byVendor = new Map([...clis.map((cli) => [cli.vendor, backend(cli, settings.runner)] as const), ...custom.map((b) => [b.vendor, b] as const)])
  return AgentBackends.of({
    vendors: [...byVendor.keys()],
    get: (vendor) => {
      const found = byVendor.get(vendor)
      return found
        ? Effect.succeed(found)
        : Effect.fail(new AgentError({ vendor, reason: "UnknownVendor", detail: `no backend for vendor ${vendor}; known: ${[...byVendor.keys()].join(", ")}` }))
    }
  })
}

/** The built-in backends, configured from Config, plus the `CustomBackends` registered around the layer. */
export const layer = Layer.effect(AgentBackends, Effect.zipWith(config, CustomBackends, (settings, custom) => make(settings, [], custom)))

/** Built-in backends plus custom vendor modules (a new vendor is one `Cli`) and registered backends. */
export const layerWith = (extra: ReadonlyArray<Cli>) =>
  Layer.effect(AgentBackends, Effect.zipWith(config, CustomBackends, (settings, custom) => make(settings, extra, custom)))
