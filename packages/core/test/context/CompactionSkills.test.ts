import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Compaction from "../../src/context/Compaction.js"
import * as Skills from "../../src/context/Skills.js"
import * as LlmLive from "../../src/llm/LlmLive.js"
import { Events } from "../../src/store/Events.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as LlmServer from "../support/models/LlmServer.js"
import * as TestStore from "../support/TestStore.js"

const KEY = "sk-compaction"

const withCompaction = (server: LlmServer.LlmServer) => {
  const endpoint = { apiKey: Redacted.make(KEY), baseUrl: server.url }
  const llm = LlmLive.layer({ anthropic: endpoint, glm: endpoint, openai: endpoint, "openai-chat": endpoint, google: endpoint })
  return Effect.provide(Compaction.layer.pipe(Layer.provide(llm)))
}

describe("compaction and skills", () => {
  it.scoped("earlier runs are condensed into five stored sections with an event; a bad answer stores nothing; clear drops it", () =>
    Effect.gen(function*() {
      const server = yield* LlmServer.make(KEY)
      const tasks = yield* Tasks
      const sql = yield* SqlClient.SqlClient
      const task = yield* tasks.create({ key: "C-1", title: "Make the date parser accept ISO weeks" })
      for (const attempt of [1, 2]) {
        yield* sql`insert into runs (task_id, attempt, vendor, status, error_class, error_excerpt, finished_at)
          values (${task.id}, ${attempt}, 'anthropic', 'failed', 'test_failure', ${`FAIL parse.test.ts > week 53 (attempt ${attempt})`}, now())`
      }
      const run = withCompaction(server)

      server.answer = "{\"tried\": [\"a regex\"]}"
      assert.strictEqual((yield* Effect.flip(run(Effect.flatMap(Compaction.Compaction, (c) => c.compact("C-1")))))._tag, "LlmError")
      assert.isNull(yield* run(Effect.flatMap(Compaction.Compaction, (c) => c.current(task.id))))

      server.answer = JSON.stringify({
        tried: ["a regex for YYYY-Www"], filesTouched: ["src/parse.ts"], deadEnds: ["Date.parse does not know ISO weeks"],
        nextSteps: ["compute the Monday of week 1 by hand"], openQuestions: []
      })
      const compacted = yield* run(Effect.flatMap(Compaction.Compaction, (c) => c.compact("C-1")))
      assert.include(JSON.stringify(server.received.at(-1)!.body), "week 53 (attempt 2)", "the model saw the runs' evidence")
      const text = Compaction.render(compacted)
      for (const title of ["### Tried", "### Files touched", "### Dead ends", "### Next steps", "### Open questions"]) assert.include(text, title)
      assert.deepStrictEqual(yield* run(Effect.flatMap(Compaction.Compaction, (c) => c.current(task.id))), compacted)
      const types = (yield* Effect.flatMap(Events, (e) => e.list({ taskId: task.id }))).map((e) => e.payload.type)
      assert.include(types, "context_compacted")
      yield* run(Effect.flatMap(Compaction.Compaction, (c) => c.clear(task.id)))
      assert.isNull(yield* run(Effect.flatMap(Compaction.Compaction, (c) => c.current(task.id))))
    }).pipe(Effect.provide(TestStore.layer)))

  it.scoped("skills are read from the repository first, then the data folder; unknown names are reported", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "devserver-skills-"))),
        (d) => Effect.sync(() => fs.rmSync(d, { recursive: true, force: true }))
      )
      const roots = Skills.roots(path.join(dir, "worktree"), path.join(dir, "data"))
      const write = (root: string, name: string, text: string) => {
        fs.mkdirSync(path.join(root, name), { recursive: true })
        fs.writeFileSync(path.join(root, name, "SKILL.md"), text)
      }
      write(roots[0]!, "testing", "---\nname: testing\ndescription: How this repo tests\n---\nRun `npm test -- --run`.\n")
      write(roots[1]!, "testing", "---\nname: testing\n---\nthe data folder's copy\n")
      write(roots[1]!, "style", "Prefer small functions.")
      const { found, missing } = yield* Skills.load(["testing", "style", "nope", "../etc"], roots)
      assert.deepStrictEqual(found.map((s) => [s.name, s.description, s.body]), [
        ["testing", "How this repo tests", "Run `npm test -- --run`."],
        ["style", "", "Prefer small functions."]
      ])
      assert.deepStrictEqual(missing, ["nope", "../etc"])
      assert.include(Skills.section(found), "### testing — How this repo tests")
    }))
})
