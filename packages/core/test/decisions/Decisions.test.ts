import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { judge } from "../../src/decisions/DecisionRules.js"
import * as Decisions from "../../src/decisions/Decisions.js"
import { Events } from "../../src/store/Events.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as TestStore from "../support/TestStore.js"

const layer = Decisions.layer.pipe(Layer.provideMerge(TestStore.layer))

describe("decisions", () => {
  it("side effects beyond the worktree need a person; work inside it does not", () => {
    const blocked = [
      "npm publish --access public", "git push origin main", "kubectl apply -f deploy.yaml", "terraform destroy",
      "aws s3 rm s3://bucket --recursive", "curl -X POST https://api.example.com/orders -d @o.json",
      "curl https://hooks.slack.com/services/T/B/X -d '{\"text\":\"hi\"}'", "rm -rf / --no-preserve-root", "docker push acme/api:1"
    ]
    const allowed = ["npm test", "git commit -m wip", "curl https://example.com/schema.json -o schema.json", "rm -rf dist", "python -m pytest -q", "git diff HEAD~1"]
    for (const action of blocked) assert.strictEqual(judge(action).verdict, "block", action)
    for (const action of allowed) assert.strictEqual(judge(action).verdict, "allow", action)
  })

  it.effect("a blocked action waits for a person; resolving the last one queues the task again", () =>
    Effect.gen(function*() {
      const tasks = yield* Tasks
      const decisions = yield* Decisions.Decisions
      const events = yield* Events
      const task = yield* tasks.create({ key: "D-1", title: "Release the SDK" })
      const ok = yield* decisions.ask(task.id, null, "npm test")
      assert.strictEqual(ok.verdict, "allow")
      const asked = yield* decisions.ask(task.id, null, "npm publish --access public")
      assert.deepStrictEqual([asked.verdict, asked.rule], ["block", "publish.package"])
      assert.deepStrictEqual((yield* decisions.pending("D-1")).map((d) => d.id), [asked.decisionId])
      // The pipeline ends the attempt blocked on the decision.
      yield* tasks.transition("D-1", "queued")
      yield* tasks.transition("D-1", "blocked", { reason: `${Decisions.DECISION_PENDING}: npm publish` })

      assert.include((yield* Effect.flip(decisions.resolve(asked.decisionId, "edited", "alice"))).message, "an edited decision needs the edited instruction")
      const resolved = yield* decisions.resolve(asked.decisionId, "edited", "alice", "publish with --tag beta only")
      assert.strictEqual(resolved.status, "edited")
      assert.strictEqual((yield* tasks.get("D-1")).status, "queued")
      assert.deepStrictEqual((yield* decisions.resolved(task.id)).map((d) => d.resolution), ["publish with --tag beta only"])
      const again = yield* Effect.flip(decisions.resolve(asked.decisionId, "approved", "bob"))
      assert.strictEqual(again._tag, "InvalidInput")
      const types = (yield* events.list({ taskId: task.id })).map((e) => e.payload.type)
      assert.includeMembers(types, ["decision_raised", "decision_resolved"])
    }).pipe(Effect.provide(layer)))
})
