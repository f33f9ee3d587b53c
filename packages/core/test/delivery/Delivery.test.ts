import { afterAll, describe, expect, layer } from "@effect/vitest"
import { Effect, Option } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Deliveries } from "../../src/delivery/Deliveries.js"
import { Deliver } from "../../src/pipeline/Deliver.js"
import { Events } from "../../src/store/Events.js"
import { Runs } from "../../src/store/Runs.js"
import * as Forge from "../support/Forge.js"
import { bench, commitFiles, inputFor, remote, type Remote, TOKEN, taskWithWork, tokenLeaks } from "./DeliveryFixture.js"

const root = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-delivery-"))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
const b = bench(root)

const eventsOf = (taskId: number) => Effect.flatMap(Events, (e) => e.list({ taskId })).pipe(Effect.map((es) => es.map((e) => e.payload)))
const types = (taskId: number) => Effect.map(eventsOf(taskId), (ps) => ps.map((p) => p.type).filter((t) => t !== "status_changed"))
const noLeak = (r: Remote) =>
  Effect.gen(function*() {
    expect(yield* tokenLeaks(TOKEN, [b.dataDir, r.dir])).toEqual([])
    expect(r.api.requests.join("\n")).not.toContain(TOKEN)
  })
const ref = (r: Remote, name: string) => {
  try {
    return r.run("rev-parse", "--verify", "--quiet", name)
  } catch {
    return null
  }
}

describe("delivery", () => {
  layer(b.layer, { excludeTestServices: true })((it) => {
    for (const flavor of ["gitea", "github"] as const) {
      it.scoped(`pr flow (${flavor}): pushes over smart HTTP, opens the PR, then reuses it; mbox applies with git am`, () =>
        Effect.gen(function*() {
          const r = yield* remote(root, flavor)
          const w = yield* taskWithWork(r, "pr", { "src/greet.ts": "export const greet = () => 'hi'\n" })
          const input = yield* inputFor(w, { failover: { fromVendor: "anthropic", fromModel: null, toVendor: "openai", toModel: "gpt-5.5", reason: "agent.auth_failed" } })
          const outcome = yield* (yield* Deliver).deliver(input)
          const url = r.api.prs[0]?.number === 1 ? `${r.api.url}/acme/app/pull${flavor === "github" ? "" : "s"}/1` : "?"
          expect(outcome).toEqual({ status: "review", reason: `PR opened: ${url}` })
          expect(ref(r, `refs/heads/agent/${w.task.key}`)).toBe(Forge.run(w.worktree.path, "rev-parse", "HEAD"))
          expect(r.git.offered.every((o) => o.endsWith(`:${TOKEN}`))).toBe(true)
          const pr = r.api.prs[0]!
          expect(pr).toMatchObject({ title: `[${w.task.key}] Add the greeting`, head: `agent/${w.task.key}`, base: "main" })
          for (const part of ["Greet the user.", "> Added a greeting module", "| test | passed | 0 |", "Attempts: 1 · turns: 7 · cost: $0.1234", "from anthropic to openai / gpt-5.5: agent.auth_failed", "1 commit(s), 1 file(s) changed, +1 −0"]) {
            expect(pr.body).toContain(part)
          }
          expect(yield* types(w.task.id)).toEqual(["preflight_passed", "patches_generated", "pushed", "pr_opened"])
          expect(Option.getOrNull(yield* (yield* Deliveries).prUrl(w.task.key))).toBe(url)

          // A follow-up run: new commit, the same PR updated, never a second one.
          yield* commitFiles(w.worktree, { "src/greet.ts": "export const greet = (n: string) => `hi ${n}`\n" }, "Greet by name")
          const again = yield* (yield* Deliver).deliver(yield* inputFor(w))
          expect(again.reason).toBe(`PR updated: ${url}`)
          expect(r.api.prs).toHaveLength(1)

          const patches = Option.getOrThrow(yield* (yield* Deliveries).patches(w.task.key))
          expect(patches).toMatchObject({ commits: 2, insertions: 1, deletions: 0 })
          expect(patches.patches.map((p) => path.basename(p))).toEqual([expect.stringMatching(/^0001-.*Add-the-greeting\.patch$/), expect.stringMatching(/^0002-.*Greet-by-name\.patch$/)])
          const fresh = path.join(r.dir, "fresh")
          Forge.run(r.dir, "clone", "--quiet", "--branch", "main", r.bare, fresh)
          Forge.run(fresh, "am", "--quiet", patches.mbox)
          expect(fs.readFileSync(path.join(fresh, "src/greet.ts"), "utf8")).toContain("hi ${n}")
          expect(Forge.run(fresh, "log", "--format=%an <%ae>", "-2").split("\n")).toEqual(Array(2).fill("DevServer Agent <agent@devserver.test>"))
          yield* noLeak(r)
        }))
    }

    it.scoped("a revoked token: typed auth failure recorded on the run, not retried, nothing pushed, no PR", () =>
      Effect.gen(function*() {
        const r = yield* remote(root, "gitea")
        const w = yield* taskWithWork(r, "pr", { "a.txt": "a\n" })
        const input = yield* inputFor(w)
        r.git.token = "rotated-token"
        r.api.token = "rotated-token"
        const offered = r.git.offered.length
        const error = yield* Effect.flip((yield* Deliver).deliver(input))
        expect(error).toMatchObject({ _tag: "DeliverError", reason: "PushFailed" })
        expect(error.message).toMatch(/push: Auth/)
        // git asks once without and once with credentials; an auth failure is not retried
        expect(r.git.offered.length - offered).toBe(1)
        expect(ref(r, `refs/heads/agent/${w.task.key}`)).toBeNull()
        expect(r.api.prs).toEqual([])
        const run = (yield* (yield* Runs).forTask(w.task.id))[0]!
        expect(run.errorClass).toBe("delivery.auth")
        expect(yield* types(w.task.id)).toEqual(["preflight_passed", "patches_generated"])
        yield* noLeak(r)
      }))
  })
})
