import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Ideas } from "../../src/store/Ideas.js"
import { Repos } from "../../src/store/Repos.js"
import { Templates } from "../../src/store/Templates.js"
import * as TestStore from "../support/TestStore.js"

describe("Templates and Ideas", () => {
  it.layer(TestStore.layer)((it) => {
    it.effect("a template keeps its task settings and repo; names are unique; bad settings are refused", () =>
      Effect.gen(function*() {
        yield* Effect.flatMap(Repos, (r) => r.add({ name: "web", provider: "forgejo", cloneUrl: "https://code.example/web.git" }))
        const templates = yield* Templates
        const added = yield* templates.add({
          name: "Dependency bump",
          description: "Update dependencies",
          repo: "web",
          settings: { priority: 4, gitFlow: "commit", maxTurns: 30, labels: ["deps"] }
        })
        const got = yield* templates.get(added.id)
        assert.strictEqual(got.repo, "web")
        assert.deepStrictEqual([got.settings.priority, got.settings.gitFlow, got.settings.maxTurns, got.settings.labels], [4, "commit", 30, ["deps"]])
        assert.strictEqual(got.settings.billingMode, "api", "unset settings take their defaults")
        const dup = yield* Effect.flip(templates.add({ name: "Dependency bump" }))
        assert.strictEqual(dup._tag, "AlreadyExists")
        const bad = yield* Effect.flip(templates.add({ name: "bad", settings: { priority: 0 } }))
        assert.strictEqual(bad._tag, "InvalidInput")
        assert.strictEqual((yield* templates.list()).length, 1)
      }))

    it.effect("ideas form an ordered tree; a missing parent is refused", () =>
      Effect.gen(function*() {
        const ideas = yield* Ideas
        const root = yield* ideas.add({ kind: "folder", title: "Roadmap" })
        const second = yield* ideas.add({ title: "Search", parentId: root.id })
        const first = yield* ideas.add({ title: "Login", parentId: root.id })
        yield* ideas.add({ title: "OAuth", parentId: second.id, body: "# OAuth\nGitHub and Gitea" })
        const other = yield* ideas.add({ title: "Loose idea" })
        const tree = yield* ideas.list()
        assert.deepStrictEqual(tree.map((i) => i.title), ["Roadmap", "Search", "OAuth", "Login", "Loose idea"])
        assert.deepStrictEqual([second.position, first.position, other.parentId], [0, 1, null])
        const orphan = yield* Effect.flip(ideas.add({ title: "x", parentId: 99_999 }))
        assert.strictEqual(orphan.message, "idea not found: 99999")
      }))
  })
})
