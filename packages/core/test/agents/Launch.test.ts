/** How each vendor starts its CLI: billing modes, keys, max turns, resume, config in the run's home. */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import type { AgentRequest } from "../../src/agents/AgentBackend.js"
import * as Claude from "../../src/agents/Claude.js"
import type { CliSettings } from "../../src/agents/Cli.js"
import * as Codex from "../../src/agents/Codex.js"
import * as Gemini from "../../src/agents/Gemini.js"
import * as Glm from "../../src/agents/Glm.js"
import { agentEnv } from "../../src/agents/Runner.js"

const settings = (key: string, baseUrl: string | null = null): CliSettings => ({
  bin: "cli", apiKey: Redacted.make(key), baseUrl, defaultModel: null, maxRetries: null, extraConfig: []
})
const request = (overrides: Partial<AgentRequest> = {}): AgentRequest => ({
  taskKey: "T-1", prompt: "do it", cwd: "/work/tree", model: null, maxTurns: null, resumeSessionId: null,
  billingMode: "api", timeoutMs: 60_000, configHome: "/data/agent-home/T-1/x", logFile: "/data/logs/T-1/run-1.log",
  onEvent: () => Effect.void, ...overrides
})

describe("vendor launch", () => {
  it("billing api passes only the selected vendor's key; subscription passes none (the CLI's own login)", () => {
    const claude = Claude.make(settings("ant-key"), { vendor: "anthropic", auth: "ANTHROPIC_API_KEY" })
    assert.strictEqual(claude.launch(request()).env.ANTHROPIC_API_KEY, "ant-key")
    assert.isUndefined(claude.launch(request({ billingMode: "subscription" })).env.ANTHROPIC_API_KEY)
    assert.isUndefined(Gemini.make(settings("g-key")).launch(request({ billingMode: "subscription" })).env.GEMINI_API_KEY)
    const codexSub = Codex.make(settings("o-key")).launch(request({ billingMode: "subscription" }))
    assert.notInclude(JSON.stringify(codexSub), "o-key")
    assert.strictEqual(Codex.make(settings("o-key")).launch(request()).env.CODEX_API_KEY, "o-key")
  })

  it("glm is Claude Code at Zhipu's endpoint with a bearer token", () => {
    const env = Glm.make(settings("zhipu-key")).launch(request()).env
    assert.strictEqual(env.ANTHROPIC_BASE_URL, Glm.DEFAULT_BASE_URL)
    assert.strictEqual(env.ANTHROPIC_AUTH_TOKEN, "zhipu-key")
    assert.isUndefined(env.ANTHROPIC_API_KEY)
  })

  it("max turns and resume: a Claude flag, a Gemini setting in the run's home, Codex counted by the runner", () => {
    const claude = Claude.make(settings("k"), { vendor: "anthropic", auth: "ANTHROPIC_API_KEY" }).launch(request({ maxTurns: 7, resumeSessionId: "s-1" }))
    assert.include(claude.args.join(" "), "--max-turns 7")
    assert.include(claude.args.join(" "), "--resume s-1")

    const gemini = Gemini.make(settings("k", "http://127.0.0.1:1")).launch(request({ maxTurns: 7, resumeSessionId: "g-1" }))
    const config = JSON.parse(gemini.files[".gemini/settings.json"]!)
    assert.strictEqual(config.model.maxSessionTurns, 7)
    assert.strictEqual(config.security.auth.selectedType, "gemini-api-key")
    assert.strictEqual(gemini.env.GEMINI_CLI_HOME, "/data/agent-home/T-1/x")
    assert.include(gemini.args.join(" "), "--resume g-1")
    assert.include(gemini.args, Gemini.DEFAULT_MODEL)

    const codex = Codex.make({ ...settings("k", "https://example.openai.azure.com/openai"), extraConfig: ['model_providers.devserver.query_params={api-version="2025-04-01-preview"}'] })
    assert.isTrue(codex.enforcesMaxTurns)
    const launch = codex.launch(request({ resumeSessionId: "th-1" }))
    assert.include(launch.args.join(" "), "-c model_providers.devserver.base_url=https://example.openai.azure.com/openai")
    assert.include(launch.args.join(" "), 'query_params={api-version="2025-04-01-preview"}')
    assert.deepStrictEqual(launch.args.slice(-3), ["resume", "th-1", "-"])
    assert.strictEqual(launch.env.DEVSERVER_OPENAI_KEY, "k")
  })

  it("every CLI gets its prompt on stdin, never on the command line (visible in ps, limited to 128 KiB)", () => {
    const prompt = "the secret plan ".repeat(20_000)
    const launches = [
      Claude.make(settings("k"), { vendor: "anthropic", auth: "ANTHROPIC_API_KEY" }).launch(request({ prompt })),
      Codex.make(settings("k")).launch(request({ prompt })),
      Codex.make(settings("k")).launch(request({ prompt, resumeSessionId: "th-1" })),
      Gemini.make(settings("k")).launch(request({ prompt }))
    ]
    for (const launch of launches) {
      assert.strictEqual(launch.stdin, prompt)
      assert.notInclude(launch.args.join(" "), "secret plan")
    }
  })

  it("the agent's environment is an allow-list: PATH, HOME = the run's config home, locale, vendor variables", () => {
    const env = agentEnv({ path: "/usr/bin", locale: "C.UTF-8", stallMs: 1, repeatLimit: 5, loginHome: null }, request(), { X_VENDOR: "1" })
    assert.deepStrictEqual(Object.keys(env).sort(), ["HOME", "LANG", "LC_ALL", "NO_COLOR", "PATH", "TERM", "TMPDIR", "X_VENDOR"])
    assert.strictEqual(env.HOME, "/data/agent-home/T-1/x")
    assert.strictEqual(env.TMPDIR, "/data/agent-home/T-1/x/tmp", "temporary files stay in the run's home")
  })
})
