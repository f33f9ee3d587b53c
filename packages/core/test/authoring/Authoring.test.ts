import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as DevPlan from "../../src/authoring/DevPlan.js"
import * as FillTask from "../../src/authoring/FillTask.js"
import * as GoalGraph from "../../src/authoring/GoalGraph.js"
import * as LlmLive from "../../src/llm/LlmLive.js"
import { Queue } from "../../src/queue/Queue.js"
import { Ideas } from "../../src/store/Ideas.js"
import { Settings } from "../../src/store/Settings.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as LlmServer from "../support/models/LlmServer.js"
import * as QueueTest from "../queue/support/QueueTest.js"

const KEY = "sk-authoring"

/** Authoring services whose system LLM is `server` (Anthropic protocol). */
const withAuthoring = (server: LlmServer.LlmServer) => {
  const endpoint = { apiKey: Redacted.make(KEY), baseUrl: server.url }
  const llm = LlmLive.layer({ anthropic: endpoint, glm: endpoint, openai: endpoint, "openai-chat": endpoint, google: endpoint })
  return Effect.provide(Layer.mergeAll(FillTask.layer, GoalGraph.layer, DevPlan.layer).pipe(Layer.provide(llm)))
}

const json = (value: unknown) => `Sure.\n\`\`\`json\n${JSON.stringify(value)}\n\`\`\``

describe("authoring with the system LLM", () => {
  it.scoped("Fill Task turns one line into a stored task; an answer that does not fit stores nothing", () =>
    Effect.gen(function*() {
      const server = yield* LlmServer.make(KEY)
      const tasks = yield* Tasks
      server.answer = json({ title: "Fix the flaky login test", description: "The login test races the session store.", acceptance: "- the test passes 20 runs in a row", priority: 2, labels: ["tests", "auth"], maxTurns: 30 })
      const task = yield* withAuthoring(server)(Effect.flatMap(FillTask.FillTask, (f) => f.save("login test is flaky")))
      assert.deepStrictEqual([task.title, task.priority, task.labels, task.status], ["Fix the flaky login test", 2, ["tests", "auth"], "pending"])
      assert.include(JSON.stringify(server.received.at(-1)!.body), "login test is flaky")

      server.answer = json({ title: "", description: "x", acceptance: "", priority: 9, labels: [], maxTurns: null })
      const bad = yield* Effect.flip(withAuthoring(server)(Effect.flatMap(FillTask.FillTask, (f) => f.save("anything"))))
      assert.strictEqual(bad._tag === "LlmError" ? bad.reason : bad._tag, "BadOutput")
      assert.strictEqual((yield* tasks.list({})).length, 1, "nothing stored for an invalid draft")
    }).pipe(Effect.provide(QueueTest.layer)))

  it.scoped("a goal expanded into ordered children becomes tasks whose dependencies the queue honours", () =>
    Effect.gen(function*() {
      const server = yield* LlmServer.make(KEY)
      const ideas = yield* Ideas
      const queue = yield* Queue
      const settings = yield* Settings
      const run = withAuthoring(server)
      const root = yield* ideas.add({ title: "Add CSV export", body: "Users want their reports as CSV." })

      server.answer = json({ decision: "split", children: [{ title: "Only two", body: "", dependsOn: [] }, { title: "children", body: "", dependsOn: [0] }] })
      assert.strictEqual((yield* Effect.flip(run(Effect.flatMap(GoalGraph.GoalGraph, (g) => g.expand(root.id)))))._tag, "LlmError")
      assert.strictEqual((yield* ideas.list()).length, 1, "a split into fewer than 3 children is refused and stores nothing")

      server.answer = json({
        decision: "split",
        children: [
          { title: "Serializer", body: "Write rows as RFC 4180 CSV.", dependsOn: [] },
          { title: "Endpoint", body: "GET /reports/:id.csv", dependsOn: [0] },
          { title: "Button", body: "Download button in the UI", dependsOn: [1, 5] }
        ]
      })
      const expansion = yield* run(Effect.flatMap(GoalGraph.GoalGraph, (g) => g.expand(root.id)))
      assert.strictEqual(expansion.decision, "split")
      const created = yield* run(Effect.flatMap(GoalGraph.GoalGraph, (g) => g.toTasks(root.id, null)))
      assert.deepStrictEqual(created.map((t) => t.title), ["Serializer", "Endpoint", "Button"])
      assert.deepStrictEqual(created.map((t) => t.dependsOn), [[], [created[0]!.key], [created[1]!.key]])

      // The queue honours the chain: only the serializer is claimable while the others wait.
      yield* settings.set("maxConcurrency", 8)
      for (const t of created) yield* queue.enqueue(t.key)
      const claimed = yield* queue.claimMany("w1", { leaseSeconds: 30, limit: 3 })
      assert.deepStrictEqual(claimed.map((c) => c.task.key), [created[0]!.key])

      // A node follows its task; a split node rolls up once its children are done.
      const sql = yield* SqlClient.SqlClient
      yield* sql`update tasks set status = 'done' where key in ${sql.in(created.map((t) => t.key))}`
      server.answer = json({ summary: "CSV export shipped end to end.", score: 90 })
      const rolled = yield* run(Effect.flatMap(GoalGraph.GoalGraph, (g) => g.rollUp(root.id)))
      assert.deepStrictEqual([rolled.goalStatus, rolled.score, rolled.summary], ["rolled_up", 90, "CSV export shipped end to end."])
    }).pipe(Effect.provide(QueueTest.layer)))

  it.scoped("DevPlan stores a self-contained plan on the idea and converts it to dependent tasks", () =>
    Effect.gen(function*() {
      const server = yield* LlmServer.make(KEY)
      const ideas = yield* Ideas
      const idea = yield* ideas.add({ title: "Dark mode", body: "Respect prefers-color-scheme." })
      server.answer = json({
        text: "## Goal\nDark mode.\n## Steps\n1. tokens\n2. toggle",
        tasks: [{ title: "Colour tokens", description: "CSS variables", acceptance: "- both themes", dependsOn: [] }, { title: "Theme toggle", description: "", acceptance: "", dependsOn: [0] }]
      })
      const plan = yield* withAuthoring(server)(Effect.flatMap(DevPlan.DevPlan, (p) => p.plan(idea.id)))
      assert.include(plan.text, "## Steps")
      assert.include((yield* ideas.get(idea.id)).plan ?? "", "Colour tokens")
      const created = yield* withAuthoring(server)(Effect.flatMap(DevPlan.DevPlan, (p) => p.toTasks(idea.id, null)))
      assert.deepStrictEqual(created.map((t) => [t.title, t.dependsOn.length]), [["Colour tokens", 0], ["Theme toggle", 1]])
    }).pipe(Effect.provide(QueueTest.layer)))
})
