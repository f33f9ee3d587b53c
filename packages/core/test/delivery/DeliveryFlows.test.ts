import { afterAll, describe, expect, layer } from "@effect/vitest"
import { Effect, Option } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Deliveries } from "../../src/delivery/Deliveries.js"
import { Deliver } from "../../src/pipeline/Deliver.js"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Runs } from "../../src/store/Runs.js"
import { Tasks } from "../../src/store/Tasks.js"
import { Workspace } from "../../src/workspace/Workspace.js"
import { lookalikes, positives } from "../preflight/SecretCorpus.js"
import * as Forge from "../support/Forge.js"
import { bench, commitFiles, inputFor, remote, type Remote, TOKEN, taskWithWork, tokenLeaks } from "./DeliveryFixture.js"

const root = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-delivery-flows-"))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
const b = bench(root)

const payloads = (taskId: number) => Effect.flatMap(Events, (e) => e.list({ taskId })).pipe(Effect.map((es) => es.map((e) => e.payload).filter((p) => p.type !== "status_changed")))
/** Someone else pushes to main on the forge meanwhile. */
const moveMain = (r: Remote, file: string, content: string) => {
  const seed = path.join(r.dir, "seed")
  Forge.run(seed, "pull", "--quiet", "origin", "main")
  fs.writeFileSync(path.join(seed, file), content)
  Forge.run(seed, "add", file)
  Forge.run(seed, "commit", "--quiet", "-m", `human change to ${file}`)
  Forge.run(seed, "push", "--quiet", "origin", "HEAD:main")
  return r.run("rev-parse", "main")
}

describe("delivery flows", () => {
  layer(b.layer, { excludeTestServices: true })((it) => {
    it.scoped("commit flow: rebases onto a moved main, squashes to one agent commit, pushes without force", () =>
      Effect.gen(function*() {
        const r = yield* remote(root, "gitea")
        const w = yield* taskWithWork(r, "commit", { "src/a.ts": "export const a = 1\n" })
        yield* commitFiles(w.worktree, { "src/b.ts": "export const b = 2\n" }, "second step")
        const moved = moveMain(r, "CHANGELOG.md", "- human entry\n")
        const outcome = yield* (yield* Deliver).deliver(yield* inputFor(w))
        const tip = r.run("rev-parse", "main")
        expect(outcome).toEqual({ status: "review", reason: `pushed ${tip.slice(0, 12)} to main` })
        expect(r.run("rev-parse", "main^")).toBe(moved)
        expect(r.run("log", "-1", "--format=%s|%an <%ae>", "main")).toBe(`[${w.task.key}] Add the greeting|DevServer Agent <agent@devserver.test>`)
        expect(r.run("ls-tree", "-r", "--name-only", "main").split("\n").sort()).toEqual(["CHANGELOG.md", "README.md", "src/a.ts", "src/b.ts"])
        const events = yield* payloads(w.task.id)
        expect(events.map((e) => e.type)).toEqual(["preflight_passed", "patches_generated", "pushed"])
        expect(events[2]).toEqual({ type: "pushed", branch: "main", commit: tip })
        expect(Option.getOrThrow(yield* (yield* Deliveries).patches(w.task.key)).commits).toBe(1)
        expect(yield* tokenLeaks(TOKEN, [b.dataDir, r.dir])).toEqual([])
      }))

    it.scoped("commit flow: a real conflict fails the task with vcs_conflict and pushes nothing", () =>
      Effect.gen(function*() {
        const r = yield* remote(root, "gitea")
        const w = yield* taskWithWork(r, "commit", { "README.md": "# demo, by the agent\n" })
        const moved = moveMain(r, "README.md", "# demo, by a human\n")
        const outcome = yield* (yield* Deliver).deliver(yield* inputFor(w))
        expect(outcome.status).toBe("failed")
        expect(outcome.reason).toMatch(/^vcs_conflict: .* in README\.md; nothing pushed$/)
        expect(r.run("rev-parse", "main")).toBe(moved)
        const [run] = yield* (yield* Runs).forTask(w.task.id)
        expect(run!.errorClass).toBe("vcs_conflict")
        expect((yield* payloads(w.task.id)).map((e) => e.type)).toEqual(["preflight_passed", "error_classified"])
        // The worktree is not left mid-rebase: the agent's commit is still there for a follow-up.
        expect(Forge.run(w.worktree.path, "status", "--porcelain")).toBe("")
        expect(Forge.run(w.worktree.path, "log", "-1", "--format=%s")).toBe(`[${w.task.key}] Add the greeting`)
        expect(yield* tokenLeaks(TOKEN, [b.dataDir, r.dir])).toEqual([])
      }))

    it.scoped("planted secrets (every kind, a PEM key, a .env file) block with preflight_failed; nothing pushed, no PR", () =>
      Effect.gen(function*() {
        const r = yield* remote(root, "github")
        const planted = positives()
        const w = yield* taskWithWork(r, "pr", {
          "src/settings.ts": planted.map((s) => s.text).join("\n") + "\n",
          ".env": "SESSION_SECRET=s3cr3t-value-for-prod\n",
          "deploy/id_rsa": planted.find((s) => s.kind === "private_key")!.text
        })
        const outcome = yield* (yield* Deliver).deliver(yield* inputFor(w))
        expect(outcome.status).toBe("blocked")
        expect(outcome.reason).toMatch(/^preflight: \d+ violation\(s\), nothing pushed: /)
        const failed = (yield* payloads(w.task.id)).find((p) => p.type === "preflight_failed")
        expect(failed).toBeDefined()
        const violations = failed!.type === "preflight_failed" ? failed!.violations : []
        expect(violations.filter((v) => v.rule === "secret").length).toBeGreaterThanOrEqual(planted.length)
        expect(violations.filter((v) => v.rule === "forbidden_file").map((v) => v.file).sort()).toEqual([".env", "deploy/id_rsa"])
        expect(r.run("for-each-ref", "--format=%(refname)", "refs/heads/agent")).toBe("")
        expect(r.api.requests).toEqual([])
        const stored = JSON.stringify(yield* payloads(w.task.id)) + outcome.reason
        for (const s of planted) expect(stored).not.toContain(s.text.slice(-20))
        expect(yield* tokenLeaks(TOKEN, [b.dataDir, r.dir])).toEqual([])
      }))

    it.scoped("look-alike placeholders are delivered", () =>
      Effect.gen(function*() {
        const r = yield* remote(root, "gitea")
        const w = yield* taskWithWork(r, "pr", { "docs/config.md": lookalikes().map((s) => s.text).join("\n") + "\n", ".env.example": "API_KEY=${API_KEY}\n" })
        expect((yield* (yield* Deliver).deliver(yield* inputFor(w))).status).toBe("review")
        expect(r.api.prs).toHaveLength(1)
        expect(yield* tokenLeaks(TOKEN, [b.dataDir, r.dir])).toEqual([])
      }))

    it.scoped("local repo: patch flow exports patches, restores the user's branch; a dirty tree is refused untouched; pr is refused", () =>
      Effect.gen(function*() {
        const dir = Forge.checkout(root, "app.txt", "app\n")
        Forge.run(dir, "checkout", "--quiet", "-b", "feature/mine")
        const repo = yield* (yield* Repos).add({ name: "local-app", provider: "local", localPath: dir })
        const tasks = yield* Tasks
        const task = yield* tasks.create({ title: "Local change", repo: repo.name, gitFlow: "patch" })
        const outcome = yield* Effect.scoped(Effect.gen(function*() {
          const worktree = yield* (yield* Workspace).acquire(task, repo)
          expect(worktree.path).toBe(dir)
          yield* commitFiles(worktree, { "lib.txt": "lib\n" }, task.title)
          return yield* (yield* Deliver).deliver(yield* inputFor({ task, repo, worktree }))
        }))
        expect(outcome.status).toBe("review")
        expect(Forge.run(dir, "rev-parse", "--abbrev-ref", "HEAD")).toBe("feature/mine")
        expect(fs.existsSync(path.join(dir, "lib.txt"))).toBe(false)
        const patches = Option.getOrThrow(yield* (yield* Deliveries).patches(task.key))
        expect(patches.mbox.startsWith(b.dataDir)).toBe(true)
        expect(fs.readFileSync(patches.mbox, "utf8")).toContain("+lib")

        fs.writeFileSync(path.join(dir, "app.txt"), "user's own edit\n")
        fs.writeFileSync(path.join(dir, "notes.txt"), "untracked\n")
        const before = [Forge.run(dir, "status", "--porcelain"), fs.readFileSync(path.join(dir, "app.txt"), "utf8"), Forge.run(dir, "rev-parse", "HEAD")]
        const dirty = yield* tasks.create({ title: "Second change", repo: repo.name, gitFlow: "patch" })
        const refused = yield* Effect.flip(Effect.scoped((yield* Workspace).acquire(dirty, repo)))
        expect(refused.reason).toBe("DirtyTree")
        expect([Forge.run(dir, "status", "--porcelain"), fs.readFileSync(path.join(dir, "app.txt"), "utf8"), Forge.run(dir, "rev-parse", "HEAD")]).toEqual(before)
        const pr = yield* tasks.create({ title: "PR please", repo: repo.name, gitFlow: "pr" })
        expect((yield* Effect.flip(Effect.scoped((yield* Workspace).acquire(pr, repo)))).reason).toBe("FlowRefused")
      }))

    it.scoped("a repo-less task: its commits become a patch series", () =>
      Effect.gen(function*() {
        const task = yield* (yield* Tasks).create({ title: "Scratch work", gitFlow: "pr" })
        const outcome = yield* Effect.scoped(Effect.gen(function*() {
          const worktree = yield* (yield* Workspace).acquire(task, null)
          yield* commitFiles(worktree, { "notes.md": "# notes\n" }, task.title)
          return yield* (yield* Deliver).deliver(yield* inputFor({ task, repo: null, worktree }))
        }))
        expect(outcome.status).toBe("review")
        expect(Option.getOrThrow(yield* (yield* Deliveries).patches(task.key)).commits).toBe(1)
      }))
  })
})
