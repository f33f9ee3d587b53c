import { afterAll, assert, describe, layer } from "@effect/vitest"
import { Effect, Either, Layer, Redacted, Scope } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as ProcessGroup from "../../src/process/ProcessGroup.js"
import * as DataDir from "../../src/store/DataDir.js"
import { Repos } from "../../src/store/Repos.js"
import { Tasks } from "../../src/store/Tasks.js"
import { Workspace } from "../../src/workspace/Workspace.js"
import * as WorkspaceLive from "../../src/workspace/WorkspaceLive.js"
import * as Forge from "../support/Forge.js"
import * as GitHttp from "../support/GitHttp.js"
import * as TestStore from "../support/TestStore.js"

const root = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-ws-"))
const dataDir = path.join(root, "data")
const forge = Forge.make(root)
const token = "ws-test-forge-token"
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

const testLayer = WorkspaceLive.layerWith({
  authorName: "DevServer Agent",
  authorEmail: "agent@devserver.test",
  env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root }
}).pipe(Layer.provideMerge(DataDir.layer(dataDir)), Layer.provideMerge(TestStore.layer))

let n = 0
const repoWith = (input: Record<string, unknown>) =>
  Effect.gen(function*() {
    const name = `r${++n}`
    return yield* (yield* Repos).add({ name, ...input } as never, Redacted.make(token))
  })
const taskOn = (repo: string, extra: Record<string, unknown> = {}) =>
  Effect.flatMap(Tasks, (tasks) => tasks.create({ title: "Workspace task", repo, ...extra }))

/** A local checkout with one commit on main, an `origin` that does not exist (any fetch would fail). */
const localCheckout = () => {
  const dir = fs.mkdtempSync(path.join(root, "local-"))
  Forge.run(dir, "init", "--quiet", "-b", "main")
  fs.writeFileSync(path.join(dir, "app.txt"), "app\n")
  Forge.run(dir, "add", "app.txt")
  Forge.run(dir, "commit", "--quiet", "-m", "user commit")
  Forge.run(dir, "remote", "add", "origin", "/nonexistent/remote.git")
  Forge.run(dir, "checkout", "--quiet", "-b", "feature/mine")
  return dir
}

const commitAll = (wt: { path: string; taskKey: string }, file: string) =>
  Effect.gen(function*() {
    fs.writeFileSync(path.join(wt.path, file), `${file}\n`)
    return yield* (yield* Workspace).commit(wt as never, { title: "Workspace task", trailers: { "DevServer-Task": wt.taskKey } })
  })

describe("Workspace", () => {
  layer(testLayer, { excludeTestServices: true })((it) => {
    it.effect("a forge repo gets a bare cache and a worktree on agent/<key>; the token never lands in git config", () =>
      Effect.gen(function*() {
        const workspace = yield* Workspace
        const repo = yield* repoWith({ provider: "gitea", cloneUrl: forge.url })
        const task = yield* taskOn(repo.name)
        const wt = yield* Effect.scoped(workspace.acquire(task, repo))
        assert.strictEqual(wt.path, path.join(dataDir, "worktrees", task.key))
        assert.strictEqual(Forge.run(wt.path, "rev-parse", "--abbrev-ref", "HEAD"), `agent/${task.key}`)
        assert.isFalse(wt.continued)
        assert.isTrue(fs.existsSync(path.join(wt.path, "README.md")))
        const cache = path.join(dataDir, "cache", `${repo.name}.git`)
        assert.strictEqual(Forge.run(cache, "config", "--get", "remote.origin.url"), forge.url)
        assert.notInclude(fs.readFileSync(path.join(cache, "config"), "utf8"), token)

        const commit = yield* commitAll(wt, "work.txt")
        assert.isNotNull(commit)
        assert.strictEqual(commit!.files, 1)
        assert.match(Forge.run(wt.path, "log", "-1", "--format=%an <%ae>|%s%n%b"), new RegExp(`^DevServer Agent <agent@devserver.test>\\|\\[${task.key}\\] Workspace task\\n+DevServer-Task: ${task.key}`))
        assert.isNull(yield* (yield* Workspace).commit(wt, { title: "nothing", trailers: {} }), "nothing left to commit")

        // The next run fetches again and continues from the branch's commits.
        const again = yield* Effect.scoped(workspace.acquire(task, repo))
        assert.strictEqual(again.path, wt.path)
        assert.isTrue(again.continued)
        assert.strictEqual(Forge.run(again.path, "rev-parse", "HEAD"), commit!.sha)
      }))

    it.effect("an https forge gets the token per command (askpass), never in the config or the remote URL; a wrong token fails the fetch", () =>
      Effect.gen(function*() {
        const workspace = yield* Workspace
        const server = yield* GitHttp.serve(root, token)
        const repo = yield* repoWith({ provider: "gitea", cloneUrl: `${server.url}/forge.git` })
        const task = yield* taskOn(repo.name)
        const wt = yield* workspace.acquire(task, repo)
        assert.isTrue(fs.existsSync(path.join(wt.path, "README.md")))
        assert.include(server.offered, `devserver:${token}`)
        const cache = path.join(dataDir, "cache", `${repo.name}.git`)
        assert.strictEqual(Forge.run(cache, "config", "--get", "remote.origin.url"), `${server.url}/forge.git`)
        for (const file of ["config", "FETCH_HEAD"]) assert.notInclude(fs.readFileSync(path.join(cache, file), "utf8"), token)

        const wrong = yield* (yield* Repos).add({ name: "wrong-token", provider: "gitea", cloneUrl: `${server.url}/forge.git` }, Redacted.make("not-the-token"))
        const refused = yield* Effect.either(workspace.acquire(yield* taskOn(wrong.name), wrong))
        assert.isTrue(Either.isLeft(refused) && refused.left.reason === "FetchFailed")
      }).pipe(Effect.scoped))

    it.effect("a branch that exists only on the forge is continued from its commits", () =>
      Effect.gen(function*() {
        const repo = yield* repoWith({ provider: "github", cloneUrl: forge.url })
        const task = yield* taskOn(repo.name)
        const seed = path.join(root, "seed")
        Forge.run(seed, "checkout", "--quiet", "-b", `agent/${task.key}`)
        fs.writeFileSync(path.join(seed, "earlier.txt"), "from an earlier run\n")
        Forge.run(seed, "add", "earlier.txt")
        Forge.run(seed, "commit", "--quiet", "-m", "earlier run")
        Forge.run(seed, "push", "--quiet", "origin", `agent/${task.key}`)
        Forge.run(seed, "checkout", "--quiet", "main")
        const wt = yield* Effect.scoped((yield* Workspace).acquire(task, repo))
        assert.isTrue(wt.continued)
        assert.isTrue(fs.existsSync(path.join(wt.path, "earlier.txt")))
        assert.strictEqual(Forge.run(wt.path, "rev-parse", "HEAD"), Forge.run(seed, "rev-parse", `agent/${task.key}`))
      }))

    it.effect("a crashed worker's worktree is reused as it was; a deleted or foreign folder is recreated", () =>
      Effect.gen(function*() {
        const workspace = yield* Workspace
        const repo = yield* repoWith({ provider: "gitea", cloneUrl: forge.url })
        const task = yield* taskOn(repo.name)
        const first = yield* Effect.scoped(workspace.acquire(task, repo))
        fs.writeFileSync(path.join(first.path, "half-done.txt"), "uncommitted work\n")
        // The worker died here: nothing was committed or cleaned.
        const recovered = yield* Effect.scoped(workspace.acquire(task, repo))
        assert.strictEqual(fs.readFileSync(path.join(recovered.path, "half-done.txt"), "utf8"), "uncommitted work\n")

        fs.rmSync(first.path, { recursive: true, force: true })
        const recreated = yield* Effect.scoped(workspace.acquire(task, repo))
        assert.strictEqual(Forge.run(recreated.path, "rev-parse", "--abbrev-ref", "HEAD"), `agent/${task.key}`)

        fs.rmSync(first.path, { recursive: true, force: true })
        fs.mkdirSync(first.path)
        fs.writeFileSync(path.join(first.path, "stray.txt"), "not a worktree\n")
        const replaced = yield* Effect.scoped(workspace.acquire(task, repo))
        assert.strictEqual(Forge.run(replaced.path, "rev-parse", "--abbrev-ref", "HEAD"), `agent/${task.key}`)
        assert.isFalse(fs.existsSync(path.join(replaced.path, "stray.txt")))
      }))

    it.effect("a process group still working in the folder (an earlier run's agent) is stopped before the next run gets it", () =>
      Effect.gen(function*() {
        const workspace = yield* Workspace
        const repo = yield* repoWith({ provider: "gitea", cloneUrl: forge.url })
        const task = yield* taskOn(repo.name)
        const first = yield* Effect.scoped(workspace.acquire(task, repo))
        // The earlier run's owner is gone: nothing will ever close this scope.
        const lost = yield* Scope.make()
        const orphan = yield* Scope.extend(ProcessGroup.spawn("sh", ["-c", "sleep 300 & wait"], { cwd: first.path, output: "ignore" }), lost)
        assert.isTrue(ProcessGroup.groupAlive(orphan.pid))
        yield* Effect.scoped(workspace.acquire(task, repo))
        assert.isFalse(ProcessGroup.groupAlive(orphan.pid), "the earlier run's processes are gone before the folder is handed out")
      }))

    it.effect("half-built folders are rebuilt: a worktree whose checkout never finished, a scratch repo without a commit", () =>
      Effect.gen(function*() {
        const workspace = yield* Workspace
        const repo = yield* repoWith({ provider: "gitea", cloneUrl: forge.url })
        const task = yield* taskOn(repo.name)
        const first = yield* Effect.scoped(workspace.acquire(task, repo))
        // What a worker killed inside `git worktree add` leaves: HEAD on the branch, files not checked
        // out, and git's "initializing" lock.
        const cache = path.join(dataDir, "cache", `${repo.name}.git`)
        fs.rmSync(first.path, { recursive: true, force: true })
        Forge.run(cache, "worktree", "prune")
        Forge.run(cache, "worktree", "add", "--no-checkout", first.path, `agent/${task.key}`)
        const admin = path.resolve(first.path, Forge.run(first.path, "rev-parse", "--git-dir"))
        fs.writeFileSync(path.join(admin, "locked"), "initializing")
        assert.isFalse(fs.existsSync(path.join(first.path, "README.md")))
        const rebuilt = yield* Effect.scoped(workspace.acquire(task, repo))
        assert.isTrue(fs.existsSync(path.join(rebuilt.path, "README.md")), "the rerun sees the whole tree")
        assert.strictEqual(Forge.run(rebuilt.path, "status", "--porcelain"), "")

        const scratchTask = yield* (yield* Tasks).create({ title: "Scratch" })
        const scratchDir = path.join(dataDir, "scratch", scratchTask.key)
        fs.mkdirSync(scratchDir, { recursive: true })
        Forge.run(scratchDir, "init", "--quiet") // killed before the first commit
        const scratch = yield* Effect.scoped(workspace.acquire(scratchTask, null))
        assert.strictEqual(Forge.run(scratch.path, "rev-parse", "--abbrev-ref", "HEAD"), `agent/${scratchTask.key}`)
        assert.isNotNull(yield* commitAll(scratch, "scratch.txt"))
      }))

    it.effect("setup runs once per worktree, its marker kept outside the worktree; a failing setup is an error", () =>
      Effect.gen(function*() {
        const workspace = yield* Workspace
        const counter = path.join(root, "setup-count.txt")
        const repo = yield* repoWith({ provider: "gitea", cloneUrl: forge.url, commands: { setup: `echo ran >> ${counter}` } })
        const task = yield* taskOn(repo.name)
        const wt = yield* Effect.scoped(workspace.acquire(task, repo))
        yield* Effect.scoped(workspace.acquire(task, repo))
        assert.strictEqual(fs.readFileSync(counter, "utf8"), "ran\n")
        assert.strictEqual(Forge.run(wt.path, "status", "--porcelain", "--ignored"), "")

        const broken = yield* repoWith({ provider: "gitea", cloneUrl: forge.url, commands: { setup: "echo missing tool >&2; exit 7" } })
        const result = yield* Effect.either(Effect.scoped(workspace.acquire(yield* taskOn(broken.name), broken)))
        assert.isTrue(Either.isLeft(result))
        if (Either.isLeft(result)) {
          assert.strictEqual(result.left.reason, "SetupFailed")
          assert.include(result.left.message, "missing tool")
        }
      }))

    it.effect("a local repo (patch): dirty tree refused untouched; clean tree worked on agent/<key>, user's branch restored", () =>
      Effect.gen(function*() {
        const workspace = yield* Workspace
        const dir = localCheckout()
        const repo = yield* repoWith({ provider: "local", localPath: dir })
        const task = yield* taskOn(repo.name, { gitFlow: "patch" })

        fs.writeFileSync(path.join(dir, "app.txt"), "the user's own edit\n")
        const refused = yield* Effect.either(Effect.scoped(workspace.acquire(task, repo)))
        assert.isTrue(Either.isLeft(refused) && refused.left.reason === "DirtyTree")
        assert.strictEqual(Forge.run(dir, "rev-parse", "--abbrev-ref", "HEAD"), "feature/mine")
        assert.strictEqual(fs.readFileSync(path.join(dir, "app.txt"), "utf8"), "the user's own edit\n")
        Forge.run(dir, "checkout", "--quiet", "app.txt")

        const sha = yield* Effect.scoped(Effect.gen(function*() {
          const wt = yield* workspace.acquire(task, repo)
          assert.strictEqual(wt.path, dir)
          assert.strictEqual(Forge.run(dir, "rev-parse", "--abbrev-ref", "HEAD"), `agent/${task.key}`)
          return (yield* commitAll(wt, "agent.txt"))!.sha
        }))
        assert.strictEqual(Forge.run(dir, "rev-parse", "--abbrev-ref", "HEAD"), "feature/mine")
        assert.strictEqual(Forge.run(dir, "rev-parse", `agent/${task.key}`), sha)
        assert.isFalse(fs.existsSync(path.join(dir, "agent.txt")))
        assert.strictEqual(Forge.run(dir, "remote", "get-url", "origin"), "/nonexistent/remote.git")
      }))

    it.effect("a local repo whose run was killed mid-way is switched back to the user's branch by the next acquire", () =>
      Effect.gen(function*() {
        const workspace = yield* Workspace
        const dir = localCheckout()
        const repo = yield* repoWith({ provider: "local", localPath: dir })
        const killed = yield* taskOn(repo.name, { gitFlow: "patch" })
        // The worker dies on the agent's branch: its scope never closes.
        yield* Scope.extend(workspace.acquire(killed, repo), yield* Scope.make())
        assert.strictEqual(Forge.run(dir, "rev-parse", "--abbrev-ref", "HEAD"), `agent/${killed.key}`)

        const next = yield* Effect.scoped(workspace.acquire(yield* taskOn(repo.name, { gitFlow: "untracked" }), repo))
        assert.strictEqual(next.branch, "feature/mine", "the next task works on the user's branch, not the killed run's")
        assert.strictEqual(Forge.run(dir, "rev-parse", "--abbrev-ref", "HEAD"), "feature/mine")
        const patch = yield* Effect.scoped(Effect.map(workspace.acquire(yield* taskOn(repo.name, { gitFlow: "patch" }), repo), (wt) => wt.branch))
        assert.match(patch, /^agent\//)
        assert.strictEqual(Forge.run(dir, "rev-parse", "--abbrev-ref", "HEAD"), "feature/mine", "and it is restored after a normal run too")
      }))

    it.effect("a local repo refuses pr and commit flows; untracked works on the current branch without switching", () =>
      Effect.gen(function*() {
        const workspace = yield* Workspace
        const dir = localCheckout()
        const repo = yield* repoWith({ provider: "local", localPath: dir })
        for (const gitFlow of ["pr", "commit"]) {
          const result = yield* Effect.either(Effect.scoped(workspace.acquire(yield* taskOn(repo.name, { gitFlow }), repo)))
          assert.isTrue(Either.isLeft(result) && result.left.reason === "FlowRefused", gitFlow)
        }
        fs.writeFileSync(path.join(dir, "notes.txt"), "user's untracked notes\n")
        const wt = yield* Effect.scoped(workspace.acquire(yield* taskOn(repo.name, { gitFlow: "untracked" }), repo))
        assert.strictEqual(wt.branch, "feature/mine")
        assert.strictEqual(Forge.run(dir, "rev-parse", "--abbrev-ref", "HEAD"), "feature/mine")
        assert.isTrue(fs.existsSync(path.join(dir, "notes.txt")))
      }))

    it.effect("a repo-less task gets a scratch git folder on agent/<key>", () =>
      Effect.gen(function*() {
        const task = yield* (yield* Tasks).create({ title: "Scratch" })
        const wt = yield* Effect.scoped((yield* Workspace).acquire(task, null))
        assert.strictEqual(wt.path, path.join(dataDir, "scratch", task.key))
        const commit = yield* commitAll(wt, "scratch.txt")
        assert.isNotNull(commit)
      }))
  })
})
