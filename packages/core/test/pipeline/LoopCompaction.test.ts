/**
 * Compaction inside a running attempt loop, with the real Claude Code against the scripted Anthropic
 * server and a loopback system LLM: once the failed attempts reach `compactAfterFailures`, the next
 * attempt starts a fresh session whose prompt carries the five condensed sections, not the evidence.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as LlmLive from "../../src/llm/LlmLive.js"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Runs } from "../../src/store/Runs.js"
import { Settings } from "../../src/store/Settings.js"
import { Tasks } from "../../src/store/Tasks.js"
import { cliPath } from "../support/AgentClis.js"
import { answerTest, runToEnd } from "../support/Loop.js"
import * as LlmServer from "../support/models/LlmServer.js"
import { lastUserText } from "../support/models/Anthropic.js"
import * as Pipeline from "../support/Pipeline.js"

const claude = cliPath("claude")
const KEY = "sk-compact-loop"
const CONDENSED = {
  tried: ["wrote 41 into answer.txt"], filesTouched: ["answer.txt"], deadEnds: ["41 is not the answer the test wants"],
  nextSteps: ["write the value the test expects"], openQuestions: ["none left"]
}

let llmServer: LlmServer.LlmServer | null = null
const llm = Layer.unwrapScoped(Effect.map(LlmServer.make(KEY), (server) => {
  server.answer = JSON.stringify(CONDENSED)
  llmServer = server
  const endpoint = { apiKey: Redacted.make(KEY), baseUrl: server.url }
  return LlmLive.layer({ anthropic: endpoint, glm: endpoint, openai: endpoint, "openai-chat": endpoint, google: endpoint })
})).pipe(Layer.orDie)

describe.skipIf(claude === null)("compaction inside the attempt loop", () => {
  layer(Pipeline.layer({ bins: { claude }, stallMinutes: 1, llm }), { timeout: "300 seconds", excludeTestServices: true })((it) => {
    it.effect("after N failed attempts the next fresh prompt carries the five sections and not the raw evidence", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        yield* Effect.flatMap(Settings, (s) => s.set("compactAfterFailures", 1))
        yield* (yield* Repos).add({ name: "compact", provider: "gitea", cloneUrl: f.forge.url, commands: { test: answerTest } }, Redacted.make(Pipeline.secrets.forgeToken))
        const task = yield* (yield* Tasks).create({ title: "Make the answer 42", repo: "compact", vendor: "anthropic" })
        f.anthropic.cwd = f.worktreeOf(task.key)
        // 41 the first time (the test fails: "expected 41 to be 42"), 42 once answer.txt exists.
        f.anthropic.script = [{ shell: "if [ -f answer.txt ]; then echo 42 > answer.txt; else echo 41 > answer.txt; fi" }, { text: "answer written" }]
        const before = f.anthropic.requests.length

        const done = yield* runToEnd(task)
        const runs = yield* Effect.flatMap(Runs, (r) => r.forTask(task.id))
        assert.strictEqual(done.status, "review", runs.map((r) => `${r.status} ${r.errorClass} ${r.errorExcerpt}`).join("\n"))
        assert.deepStrictEqual(runs.map((r) => r.status), ["failed", "succeeded"])
        assert.notStrictEqual(runs[1]!.sessionId, runs[0]!.sessionId, "the attempt after compaction starts a fresh session")

        const events = (yield* Effect.flatMap(Events, (e) => e.list({ taskId: task.id, limit: 10_000 }))).map((e) => e.payload)
        assert.strictEqual(events.filter((e) => e.type === "context_compacted").length, 1)
        assert.include(JSON.stringify(llmServer!.received.at(-1)?.body), "expected 41 to be 42", "the system LLM condensed the evidence")

        const prompts = f.anthropic.requests.slice(before).filter((r) => r.method === "POST").map((r) => lastUserText(r.body))
          .filter((p) => p.includes(`Task ${task.key}: Make the answer 42`))
        assert.strictEqual(prompts.length, 2, "two full prompts: the first attempt's and the fresh one after compaction")
        const fresh = prompts[1]!
        for (const title of ["Earlier attempts, condensed", "### Tried", "### Files touched", "### Dead ends", "### Next steps", "### Open questions"]) {
          assert.include(fresh, title)
        }
        assert.include(fresh, "41 is not the answer the test wants")
        assert.notInclude(fresh, "expected 41 to be 42", "no raw evidence")
        assert.notInclude(fresh, "The previous attempt failed")
        assert.strictEqual(fs.readFileSync(path.join(f.worktreeOf(task.key), "answer.txt"), "utf8"), "42\n")
      }), 300_000)
  })
})
