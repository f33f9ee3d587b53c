/**
 * End to end through the real worker: claim → worktree over smart HTTP (token via askpass) → command
 * agent → commit → verification → preflight → push → PR on the loopback Gitea API → `review` with the
 * PR URL. The agent writes its environment into the repo: the token must not be in it, nor anywhere
 * in the data folder, the forge or the database afterwards.
 */
import { afterAll, describe, expect, layer } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Layer, Option, Redacted } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as AgentsLive from "../../src/agents/AgentsLive.js"
import * as Spend from "../../src/budget/Spend.js"
import { Deliveries } from "../../src/delivery/Deliveries.js"
import * as RunTask from "../../src/pipeline/RunTask.js"
import * as QueueLive from "../../src/queue/QueueLive.js"
import * as Worker from "../../src/queue/Worker.js"
import * as RepoMapLive from "../../src/repomap/RepoMapLive.js"
import { Events } from "../../src/store/Events.js"
import { Repos } from "../../src/store/Repos.js"
import { Runs } from "../../src/store/Runs.js"
import { Tasks } from "../../src/store/Tasks.js"
import * as VerifyLive from "../../src/verify/VerifyLive.js"
import { runToEnd } from "../support/Loop.js"
import { bench, remote, TOKEN, tokenLeaks } from "./DeliveryFixture.js"

const root = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-delivery-e2e-"))
const b = bench(root)
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
const PATH = process.env.PATH ?? "/usr/bin:/bin"

const pipeline = Layer.scopedDiscard(Worker.make({ workerId: "e2e-worker", pollInterval: "1 second", maxConcurrency: 1 })).pipe(
  Layer.provideMerge(RunTask.layerWith({ backoff: { waitsMs: [20], jitter: 0 }, path: PATH })),
  Layer.provideMerge(Layer.mergeAll(
    AgentsLive.layer.pipe(Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["PATH", PATH]]))))),
    VerifyLive.layerWith({ stepTimeout: Duration.minutes(2), path: PATH, locale: "C.UTF-8", shell: "/bin/sh" }),
    RepoMapLive.layer(),
    Spend.layer
  )),
  Layer.provideMerge(QueueLive.layer),
  Layer.provideMerge(b.layer)
)

describe("delivery through the worker", () => {
  layer(pipeline, { timeout: "120 seconds", excludeTestServices: true })((it) => {
    it.scoped("a pr task ends in review with its PR; the agent never saw the token; nothing holds it", () =>
      Effect.gen(function*() {
        const r = yield* remote(root, "gitea")
        yield* (yield* Repos).add({
          name: "e2e", provider: "gitea", cloneUrl: `${r.git.url}/forge.git`, apiUrl: r.api.url, forgeRepo: "acme/app",
          commands: { test: "test -f src/hello.txt" }
        }, Redacted.make(TOKEN))
        const task = yield* (yield* Tasks).create({
          title: "Say hello", repo: "e2e", vendor: "command", gitFlow: "pr",
          description: "mkdir -p src && echo hello > src/hello.txt && env | sort > agent-env.txt && echo 'wrote src/hello.txt'"
        })
        const done = yield* runToEnd(task)
        expect(done.status, done.blockedReason ?? "").toBe("review")
        expect(r.api.prs).toHaveLength(1)
        const url = `${r.api.url}/acme/app/pulls/1`
        expect(r.api.prs[0]!.title).toBe(`[${task.key}] Say hello`)
        expect(r.api.prs[0]!.body).toContain("| test | passed | 0 |")
        const runs = yield* (yield* Runs).forTask(task.id)
        expect(runs.at(-1)!.prUrl).toBe(url)
        expect(Option.getOrNull(yield* (yield* Deliveries).prUrl(task.key))).toBe(url)
        const env = r.run("show", `agent/${task.key}:agent-env.txt`)
        expect(env).toContain("PATH=")
        expect(env).not.toContain(TOKEN)
        const types = (yield* (yield* Events).list({ taskId: task.id, limit: 1000 })).map((e) => e.payload.type)
        for (const t of ["preflight_passed", "patches_generated", "pushed", "pr_opened"]) expect(types).toContain(t)
        expect(yield* tokenLeaks(TOKEN, [b.dataDir, r.dir])).toEqual([])
      }), 150_000)
  })
})
