import { afterAll, describe, expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Deliver } from "../../src/pipeline/Deliver.js"
import { Events } from "../../src/store/Events.js"
import { Runs } from "../../src/store/Runs.js"
import { Repos } from "../../src/store/Repos.js"
import { Tasks } from "../../src/store/Tasks.js"
import { Workspace } from "../../src/workspace/Workspace.js"
import * as Forge from "../support/Forge.js"
import { bench, commitFiles, inputFor, remote, TOKEN, taskWithWork, tokenLeaks } from "./DeliveryFixture.js"

const root = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-delivery-ff-"))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
const b = bench(root)

const retryLines = (taskId: number) =>
  Effect.flatMap(Events, (e) => e.list({ taskId })).pipe(
    Effect.map((es) => es.flatMap((e) => (e.payload.type === "log_line" ? [e.payload.line] : [])))
  )

describe("delivery when the forge API misbehaves", () => {
  layer(b.layer, { excludeTestServices: true })((it) => {
    it.scoped("API down, then back: retried with backoff, the PR opens once", () =>
      Effect.gen(function*() {
        const r = yield* remote(root, "gitea")
        const w = yield* taskWithWork(r, "pr", { "a.txt": "a\n" })
        r.api.failNext = { count: 2, status: 503 }
        const outcome = yield* (yield* Deliver).deliver(yield* inputFor(w))
        expect(outcome.status).toBe("review")
        expect(r.api.prs).toHaveLength(1)
        const lines = yield* retryLines(w.task.id)
        expect(lines).toHaveLength(2)
        expect(lines[0]).toMatch(/^pull request failed \(Transport: .*\); retry 1 in/)
        expect(yield* tokenLeaks(TOKEN, [b.dataDir, r.dir])).toEqual([])
      }))

    it.scoped("API down for good: a recorded failure, never a success (branch pushed, no PR)", () =>
      Effect.gen(function*() {
        const r = yield* remote(root, "github")
        const w = yield* taskWithWork(r, "pr", { "a.txt": "a\n" })
        r.api.down = true
        const error = yield* Effect.flip((yield* Deliver).deliver(yield* inputFor(w)))
        expect(error).toMatchObject({ _tag: "DeliverError", reason: "ForgeFailed" })
        expect(yield* retryLines(w.task.id)).toHaveLength(3)
        const [run] = yield* (yield* Runs).forTask(w.task.id)
        expect(run).toMatchObject({ errorClass: "delivery.transport", prUrl: null })
        expect(r.run("rev-parse", `refs/heads/agent/${w.task.key}`)).toMatch(/^[0-9a-f]{40}$/)
        // Back up: the next delivery of the same work opens the PR.
        r.api.down = false
        expect((yield* (yield* Deliver).deliver(yield* inputFor(w))).status).toBe("review")
        expect(r.api.prs).toHaveLength(1)
        expect(yield* tokenLeaks(TOKEN, [b.dataDir, r.dir])).toEqual([])
      }))

    for (const flavor of ["gitea", "github"] as const) {
      it.scoped(`rate limited (${flavor}): waits as the forge asks, then opens the PR`, () =>
        Effect.gen(function*() {
          const r = yield* remote(root, flavor)
          const w = yield* taskWithWork(r, "pr", { "a.txt": "a\n" })
          r.api.rateLimitNext = 1
          expect((yield* (yield* Deliver).deliver(yield* inputFor(w))).status).toBe("review")
          const [line] = yield* retryLines(w.task.id)
          expect(line).toMatch(/RateLimited/)
          expect(r.api.prs).toHaveLength(1)
        }))
    }

    it.scoped("the API rejects the token: Auth, not retried, recorded; the task is not delivered", () =>
      Effect.gen(function*() {
        const r = yield* remote(root, "gitea")
        const w = yield* taskWithWork(r, "pr", { "a.txt": "a\n" })
        r.api.token = "another-token"
        const before = r.api.requests.length
        const error = yield* Effect.flip((yield* Deliver).deliver(yield* inputFor(w)))
        expect(error).toMatchObject({ reason: "ForgeFailed" })
        expect(error.message).toMatch(/Auth 401/)
        expect(r.api.requests.length - before).toBe(1)
        const [run] = yield* (yield* Runs).forTask(w.task.id)
        expect(run!.errorClass).toBe("delivery.auth")
        expect(yield* tokenLeaks(TOKEN, [b.dataDir, r.dir])).toEqual([])
      }))

    it.scoped("a forge repo whose API cannot be located: a recorded configuration failure, nothing pushed", () =>
      Effect.gen(function*() {
        const dir = path.join(root, "file-forge")
        fs.mkdirSync(dir, { recursive: true })
        const forge = Forge.make(dir)
        const repo = yield* (yield* Repos).add({ name: "file-forge", provider: "gitea", cloneUrl: forge.url })
        const task = yield* (yield* Tasks).create({ title: "No API", repo: repo.name, gitFlow: "pr" })
        const worktree = yield* (yield* Workspace).acquire(task, repo)
        yield* commitFiles(worktree, { "a.txt": "a\n" })
        const error = yield* Effect.flip((yield* Deliver).deliver(yield* inputFor({ task, repo, worktree })))
        expect(error.message).toMatch(/forge API URL unknown/)
        const [run] = yield* (yield* Runs).forTask(task.id)
        expect(run!.errorClass).toBe("delivery.config")
        expect(Forge.run(forge.path, "for-each-ref", "refs/heads/agent")).toBe("")
      }))
  })
})
