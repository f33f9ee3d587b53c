/**
 * The reality signal's open-PR source, end to end with the real worker and the `command` vendor: the
 * grounding step asks the repo's forge (a loopback Gitea API) whether the task's branch has an open
 * pull request. An open PR scores higher than none; a repo without a forge API leaves the source out
 * (its weight spread over the others, so the confidence drops by that weight).
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as ForgeApi from "../support/ForgeApi.js"
import { runToEnd } from "../support/Loop.js"
import * as Pipeline from "../support/Pipeline.js"

const token = Pipeline.secrets.forgeToken

/** Runs one task, the first of its own repo (so no history source), and returns its reality signal. */
const signalOf = (repo: string, key: string) =>
  Effect.gen(function*() {
    const task = yield* (yield* Tasks).create({ key, title: "Fix the heading of `README.md`", description: "echo fixed > fixed.txt", repo, vendor: "command", gitFlow: "patch" })
    const done = yield* runToEnd(task)
    assert.strictEqual(done.status, "review", done.blockedReason ?? "")
    const signals = (yield* Effect.flatMap(Events, (e) => e.list({ taskId: task.id }))).flatMap((e) => (e.payload.type === "reality_signal" ? [e.payload] : []))
    assert.strictEqual(signals.length, 1)
    return signals[0]!
  })

describe("the reality signal's open-PR source", () => {
  layer(Pipeline.layer({ bins: {} }), { timeout: "300 seconds", excludeTestServices: true })((it) => {
    it.scoped("an open PR on the task's branch counts; none counts less; no forge spreads the weight", () =>
      Effect.gen(function*() {
        const f = yield* Pipeline.Fixture
        const api = yield* ForgeApi.serve("gitea", { token })
        const repos = yield* Repos
        for (const name of ["with-pr", "without-pr"]) {
          yield* repos.add({ name, provider: "gitea", cloneUrl: f.forge.url, apiUrl: api.url, forgeRepo: `${api.owner}/${api.name}` }, Redacted.make(token))
        }
        yield* repos.add({ name: "no-forge", provider: "gitea", cloneUrl: f.forge.url }, Redacted.make(token))
        api.prs.push({ number: 1, title: "Heading work", body: "", head: "agent/PR-1", base: "main", state: "open" })
        api.prs.push({ number: 2, title: "Closed earlier", body: "", head: "agent/PR-2", base: "main", state: "closed" })

        const open = yield* signalOf("with-pr", "PR-1")
        const none = yield* signalOf("without-pr", "PR-2")
        const noForge = yield* signalOf("no-forge", "PR-3")

        assert.isTrue(api.requests.some((r) => r.startsWith("GET /api/v1/repos/acme/app/pulls")), api.requests.join("\n"))
        assert.isAbove(open.score, none.score, "an open PR on the branch means the work is real")
        assert.strictEqual(open.confidence, none.confidence, "the forge answered both")
        assert.closeTo(open.confidence - noForge.confidence, 0.15, 0.001, "without a forge the open-PR weight is not answered")
        assert.isFalse(api.authHeaders.some((h) => !h.includes(token)), "the repo's token was sent")
      }), 300_000)
  })
})
