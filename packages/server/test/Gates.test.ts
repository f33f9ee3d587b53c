/**
 * The gates and the system LLM's features over tRPC, against a real server on the embedded
 * PostgreSQL and a loopback model server speaking the Anthropic Messages protocol.
 */
import * as PlanGate from "@devserver/core/gates/PlanGate"
import { Deliveries } from "@devserver/core/delivery/Deliveries"
import { exportPatches } from "@devserver/core/delivery/PatchExport"
import { Events } from "@devserver/core/store/Events"
import { Runs } from "@devserver/core/store/Runs"
import { Tasks } from "@devserver/core/store/Tasks"
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { ConfigProvider, Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { LlmServer } from "../../core/test/support/models/LlmServer.js"
import * as HttpServer from "../src/http/HttpServer.js"
import { blockOnDecision } from "./support/Gates.js"
import { type Client, makeClient, serverLayer, servicesLayer } from "./support/TestServer.js"

const KEY = "sk-gates-test"
const llm = new LlmServer(KEY)
const json = (value: unknown) => `\`\`\`json\n${JSON.stringify(value)}\n\`\`\``
const PLAN = { summary: "Wrap fetch in a retry", approach: "small", steps: ["add retry()"], files_to_touch: ["src/client.ts"], risks: [], acceptance_check: "npm test" }

const makeRuntime = () => {
  const config = ConfigProvider.fromMap(new Map([["ANTHROPIC_API_KEY", KEY], ["ANTHROPIC_BASE_URL", llm.url]])).pipe(
    ConfigProvider.orElse(() => ConfigProvider.fromEnv())
  )
  return ManagedRuntime.make(serverLayer().pipe(Layer.provideMerge(servicesLayer), Layer.provide(Layer.setConfigProvider(config))))
}
let runtime: ReturnType<typeof makeRuntime>
let client: Client
const run = <A, E>(effect: Effect.Effect<A, E, ManagedRuntime.ManagedRuntime.Context<typeof runtime>>) => runtime.runPromise(effect)
const task = (key: string) => run(Effect.flatMap(Tasks, (t) => t.get(key)))

beforeAll(async () => {
  await new Promise<void>((resolve) => llm.server.listen(0, "127.0.0.1", resolve))
  runtime = makeRuntime()
  client = makeClient((await runtime.runPromise(HttpServer.HttpServer)).url)
})
afterAll(async () => {
  await runtime?.dispose()
  await new Promise<void>((resolve) => {
    llm.server.close(() => resolve())
    llm.server.closeAllConnections()
  })
})

/** An interactive task blocked on a plan, as the pipeline's plan run leaves it. */
const awaitingPlan = (key: string) =>
  run(Effect.gen(function*() {
    const tasks = yield* Tasks
    const created = yield* tasks.create({ key, title: `Retry the client (${key})`, mode: "interactive" })
    yield* tasks.transition(key, "queued")
    yield* Effect.flatMap(PlanGate.PlanGate, (g) => g.submit(created.id, PLAN))
    yield* tasks.transition(key, "blocked", { reason: PlanGate.PLAN_AWAITING })
  }))

/** A task blocked on a decision the classifier refused. */
const awaitingDecision = (key: string, action: string) =>
  run(Effect.flatMap(Effect.flatMap(Tasks, (t) => t.create({ key, title: `Release ${key}` })), () => blockOnDecision(key, action)))

describe("gates over tRPC", () => {
  it("shows the awaiting plan; approve queues the task again, reject cancels, and a second approve is refused", async () => {
    await awaitingPlan("PLAN-1")
    const plan = await client.plans.get.query({ key: "PLAN-1" })
    expect(plan).toMatchObject({ status: "awaiting", plan: { summary: "Wrap fetch in a retry", files_to_touch: ["src/client.ts"] } })
    expect((await client.plans.approve.mutate({ key: "PLAN-1" })).status).toBe("queued")
    expect(await task("PLAN-1")).toMatchObject({ status: "queued" })
    expect(await client.plans.get.query({ key: "PLAN-1" })).toMatchObject({ status: "approved", decidedBy: "web" })
    await expect(client.plans.approve.mutate({ key: "PLAN-1" })).rejects.toMatchObject({
      message: "no plan of PLAN-1 awaits approval",
      data: { code: "CONFLICT", tag: "NoPlanAwaiting" }
    })
    expect((await task("PLAN-1")).status).toBe("queued")

    await awaitingPlan("PLAN-2")
    await client.plans.reject.mutate({ key: "PLAN-2", reason: "touch the tests too" })
    expect(await task("PLAN-2")).toMatchObject({ status: "cancelled" })
    expect(await client.plans.get.query({ key: "PLAN-2" })).toMatchObject({ status: "rejected", reason: "touch the tests too" })
    expect(await client.plans.get.query({ key: "NOPLAN" }).catch((e: { data: { code: string } }) => e.data.code)).toBe("NOT_FOUND")
  })

  it("lists pending decisions, records a rejection and an edit, and refuses an empty edit without changing anything", async () => {
    const publish = await awaitingDecision("DEC-1", "npm publish --access public")
    const deploy = await awaitingDecision("DEC-2", "kubectl apply -f prod.yaml")
    expect((await client.decisions.pending.query({})).map((d) => [d.id, d.taskKey])).toEqual([[publish, "DEC-1"], [deploy, "DEC-2"]])
    expect((await client.decisions.pending.query({ taskKey: "DEC-2" })).map((d) => d.id)).toEqual([deploy])

    await expect(client.decisions.edit.mutate({ id: deploy, instruction: "   " })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } })
    expect((await client.decisions.pending.query({ taskKey: "DEC-2" })).length).toBe(1)

    expect(await client.decisions.reject.mutate({ id: publish })).toMatchObject({ status: "rejected", resolution: "rejected by web" })
    expect((await task("DEC-1")).status).toBe("queued")
    expect(await client.decisions.edit.mutate({ id: deploy, instruction: "apply it to staging only" })).toMatchObject({ status: "edited", resolution: "apply it to staging only" })
    expect(await client.decisions.pending.query({})).toEqual([])
    await expect(client.decisions.approve.mutate({ id: publish })).rejects.toMatchObject({ message: expect.stringContaining("already rejected") })
    await expect(client.decisions.approve.mutate({ id: 999_999 })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } })
  })

  it("Fill Task drafts from one line through the model (nothing stored) and saves on request; a bad answer is a typed error", async () => {
    const draft = { title: "Fix the flaky login test", description: "The login test races the session store.", acceptance: "- passes 20 runs in a row", priority: 2, labels: ["tests"], maxTurns: 30 }
    llm.answer = json(draft)
    const before = (await client.tasks.list.query({})).total
    expect(await client.authoring.fill.mutate({ text: "login test is flaky" })).toEqual(draft)
    expect(JSON.stringify(llm.received.at(-1)!.body)).toContain("login test is flaky")
    expect((await client.tasks.list.query({})).total).toBe(before)

    const saved = await client.authoring.fillAndSave.mutate({ text: "login test is flaky" })
    expect(saved).toMatchObject({ title: "Fix the flaky login test", priority: 2, labels: ["tests"], status: "pending" })

    llm.answer = json({ ...draft, priority: 9 })
    await expect(client.authoring.fillAndSave.mutate({ text: "anything" })).rejects.toMatchObject({ data: { code: "BAD_GATEWAY", tag: "LlmError" } })
    await expect(client.authoring.fill.mutate({ text: "" })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } })
    expect((await client.tasks.list.query({})).total).toBe(before + 1)
  })

  it("compacts a task on demand, forecasts it, and has no patches for it yet", async () => {
    await client.tasks.create.mutate({ key: "CMP-1", title: "Speed up the build" })
    const sections = { tried: ["cached node_modules"], filesTouched: ["ci.yml"], deadEnds: ["parallel jest: OOM"], nextSteps: ["split the suite"], openQuestions: [] }
    llm.answer = json(sections)
    expect(await client.insight.compact.mutate({ key: "CMP-1" })).toEqual(sections)
    expect(await client.insight.compaction.query({ key: "CMP-1" })).toEqual(sections)
    expect(await client.insight.forecast.query({ key: "CMP-1" })).toMatchObject({ sampleSize: 0, similar: [] })
    expect(await client.insight.patches.query({ key: "CMP-1" })).toBeNull()
    await expect(client.repos.test.mutate({ name: "no-such-repo" })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } })
  })

  it("expands an idea into ordered sub-goals and turns them into tasks that wait for each other; a DevPlan is stored on the idea", async () => {
    const idea = await client.ideas.create.mutate({ title: "Add CSV export", body: "Users want their reports as CSV." })
    llm.answer = json({ decision: "split", children: [
      { title: "CSV writer", body: "A streaming writer.", dependsOn: [] },
      { title: "Export endpoint", body: "GET /reports/:id.csv", dependsOn: [0] },
      { title: "Export button", body: "In the report page.", dependsOn: [1] }
    ] })
    expect(await client.authoring.expandIdea.mutate({ id: idea.id })).toMatchObject({ decision: "split" })
    const created = await client.authoring.ideaTasks.mutate({ id: idea.id })
    expect(created.map((t) => t.title)).toEqual(["CSV writer", "Export endpoint", "Export button"])
    expect(created.map((t) => t.dependsOn)).toEqual([[], [created[0]!.key], [created[1]!.key]])

    llm.answer = json({ text: "# Plan\nWrite the writer first.", tasks: [{ title: "Writer", description: "", acceptance: "", dependsOn: [] }] })
    expect((await client.authoring.planIdea.mutate({ id: idea.id })).tasks.length).toBe(1)
    expect(JSON.parse((await client.ideas.get.query({ id: idea.id })).plan!)).toMatchObject({ text: "# Plan\nWrite the writer first." })
    await expect(client.authoring.ideaTasks.mutate({ id: 999_999 })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } })
  })

  it("serves a task's patch series as combined.mbox text, exported by real git", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-patches-"))
    try {
      const git = (...args: Array<string>) => execFileSync("git", ["-C", path.join(dir, "repo"), ...args], { encoding: "utf8" }).trim()
      execFileSync("git", ["init", "-q", "-b", "main", path.join(dir, "repo")])
      git("config", "user.email", "agent@devserver.local")
      git("config", "user.name", "DevServer agent")
      fs.writeFileSync(path.join(dir, "repo", "a.txt"), "one\n")
      git("add", "a.txt")
      git("commit", "-q", "-m", "base")
      const base = git("rev-parse", "HEAD")
      fs.writeFileSync(path.join(dir, "repo", "a.txt"), "one\ntwo\n")
      git("commit", "-q", "-am", "Add the second line")
      await client.tasks.create.mutate({ key: "PATCH-1", title: "Add a line", gitFlow: "patch" })
      await run(Effect.gen(function*() {
        const task = yield* Effect.flatMap(Tasks, (t) => t.get("PATCH-1"))
        const started = yield* Effect.flatMap(Runs, (r) => r.start({ taskId: task.id, attempt: 1, vendor: "command", model: null, workerId: null }))
        const set = yield* exportPatches(path.join(dir, "repo"), base, "HEAD", path.join(dir, "out"), { PATH: process.env.PATH ?? "", HOME: dir })
        // As the delivery step stores them: the files as the run's artifacts, the figures in its event.
        yield* Effect.flatMap(Deliveries, (d) => d.recordPatches(task.id, started.id, set))
        yield* Effect.flatMap(Events, (e) => e.append({ type: "patches_generated", count: set.commits, insertions: set.insertions, deletions: set.deletions }, { taskId: task.id, runId: started.id }))
      }))
      const patches = await client.insight.patches.query({ key: "PATCH-1" })
      expect(patches).toMatchObject({ commits: 1, insertions: 1, deletions: 0, files: ["0001-Add-the-second-line.patch"] })
      expect(patches!.mbox).toContain("Subject: [PATCH] Add the second line")
      expect(patches!.mbox).toContain("+two")
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
