import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { appRouter } from "../src/router/index.js"
import { useServer } from "./support/TestServer.js"

const server = useServer()
const { runtime } = server

beforeAll(() => server.client.tasks.create.mutate({ title: "existing", key: "T-1" }))

/** Plausible mistakes, per mutation; each must be refused with a 400 and change nothing. */
const cases: Record<string, ReadonlyArray<unknown>> = {
  "tasks.create": [{ title: "" }, { title: "x", priority: 9 }, { title: "x", key: "bad key; rm -rf ~" }, { title: "x", labels: ["has space"] }, { title: "x", tittle: "typo" }],
  "tasks.update": [{ key: "T-1", patch: { priority: 0 } }, { key: "../etc", patch: {} }, { key: "T-1", patch: { status: "done" } }, { key: "T-1", patch: { title: "" } }],
  "tasks.enqueue": [{ key: "a b" }, {}],
  "tasks.cancel": [{ key: "" }],
  "tasks.continue": [{ key: "T-1", note: 5 }],
  "tasks.archive": [{ key: "T-1", archived: "yes" }],
  "tasks.markDone": [{ key: 42 }],
  "repos.add": [{ name: "Bad Name", provider: "github" }, { name: "ok", provider: "svn" }, { name: "ok", provider: "github", cloneUrl: "https://user:pw@example.com/a.git" }],
  "templates.create": [{}, { name: "t", settings: { priority: 7 } }],
  "ideas.create": [{ title: "" }, { title: "x", kind: "project" }],
  "schedules.create": [{ name: "n", expression: "every banana", target: { _tag: "EnqueueTask", taskKey: "T-1" } }, { name: "n", expression: "@daily", target: { _tag: "Nothing" } }],
  "schedules.remove": [{ id: "x" }],
  "settings.set": [{ key: "maxConcurrency", value: 1000 }, { key: "nope", value: 1 }, { key: "queuePaused", value: "maybe" }],
  "queue.setConcurrency": [{ maxConcurrency: 0 }, { maxConcurrency: 2.5 }],
  "auth.login": [{ password: 5 }, {}],
  "auth.tokens.create": [{ name: "bad name" }],
  "auth.tokens.revoke": [{ name: "" }],
  "cli.retry": [{ key: "a b" }],
  "cli.reject": [{ key: "T-1" }, { key: "T-1", reason: "" }],
  "cli.setSetting": [{ key: "maxConcurrency", text: "0" }, { key: "nope", text: "1" }, { key: "queuePaused", value: true }],
  "plans.approve": [{ key: "a b" }, {}],
  "plans.reject": [{ key: "T-1", reason: 5 }, { key: "T-1", reason: "x".repeat(2001) }],
  "decisions.approve": [{ id: "1" }, {}],
  "decisions.reject": [{ id: 1.5 }],
  "decisions.edit": [{ id: 1 }, { id: 1, instruction: "" }, { id: 1, instruction: "   " }],
  "authoring.fill": [{ text: "" }, { text: "x".repeat(2001) }, { text: "x", repo: "Bad Name" }],
  "authoring.fillAndSave": [{}, { text: "x", saved: true }],
  "authoring.planIdea": [{ id: "one" }],
  "authoring.expandIdea": [{}],
  "authoring.ideaTasks": [{ id: 1, fromPlan: "yes" }, { id: 1, repo: "Bad Name" }],
  "insight.compact": [{ key: "" }],
  "repos.test": [{ name: "Bad Name" }]
}
/** Mutations that take no input at all. */
const inputless = new Set(["queue.pause", "queue.resume", "auth.logout"])

const snapshot = () =>
  runtime.runPromise(Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`select (select count(*) from tasks) as tasks, (select max(updated_at)::text from tasks) as touched,
      (select count(*) from repos) as repos, (select count(*) from templates) as templates, (select count(*) from ideas) as ideas,
      (select count(*) from schedules) as schedules, (select count(*) from settings) as settings,
      (select count(*) from api_tokens) as tokens, (select max(id) from events) as events`))

describe("bad input", () => {
  it("every mutation with an input has cases here", () => {
    const mutations = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
      .filter(([, p]) => p._def.type === "mutation").map(([path]) => path)
    expect(mutations.filter((m) => !inputless.has(m) && !(m in cases))).toEqual([])
  })

  it("is refused with a typed 400 and a readable message, and changes nothing", async () => {
    const before = await snapshot()
    for (const [path, inputs] of Object.entries(cases)) {
      for (const input of inputs) {
        const res = await fetch(`${server.url}trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) })
        const body = await res.json()
        const seen = { path, input, status: res.status, code: body.error?.data?.code }
        expect(seen).toEqual({ path, input, status: 400, code: "BAD_REQUEST" })
        expect(body.error.data.tag).toBe("InvalidInput")
        expect(body.error.message.length).toBeGreaterThan(5)
        expect(body.error.message.length).toBeLessThan(400)
        expect(body.error.message).not.toMatch(/\bat \w+ \(|node_modules|SqlError/)
        expect(body.error.data.stack).toBeUndefined()
      }
    }
    expect(await snapshot()).toEqual(before)
  })

  it("names the field and the rule", async () => {
    await expect(server.client.tasks.create.mutate({ title: "x", priority: 9 })).rejects.toMatchObject({ message: "priority: priority is 1 (critical) to 4 (low)" })
    await expect(server.client.queue.setConcurrency.mutate({ maxConcurrency: 0 })).rejects.toMatchObject({ message: "maxConcurrency: concurrency is 1 to 64" })
    await expect(server.client.settings.set.mutate({ key: "maxConcurrency", value: 1000 })).rejects.toMatchObject({ data: { httpStatus: 400 } })
  })
})
