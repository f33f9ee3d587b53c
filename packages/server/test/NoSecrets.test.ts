import { ConfigProvider, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { appRouter } from "../src/router/index.js"
import { makeClient, servicesLayer, startServer } from "./support/TestServer.js"

const VENDOR_KEY = "sk-ant-canary-7f3a9c1e5b2d"
const REPO_TOKEN = "ghp_canaryRepoToken0123456789"
const DB_PASSWORD = "canary-db-password"
const BOT_TOKEN = "123456:canary-bot-token"
const canaries = [VENDOR_KEY, REPO_TOKEN, DB_PASSWORD, BOT_TOKEN]

const env = ConfigProvider.fromMap(new Map([
  ["ANTHROPIC_API_KEY", VENDOR_KEY],
  ["DATABASE_URL", `postgresql://devserver:${DB_PASSWORD}@db.example:5432/devserver?sslmode=require`],
  ["TELEGRAM_BOT_TOKEN", BOT_TOKEN],
  ["DEVSERVER_HOST", "127.0.0.1"]
]))
const runtime = ManagedRuntime.make(servicesLayer.pipe(Layer.provide(Layer.setConfigProvider(env))))
let server: { url: string; close: () => Promise<void> }

beforeAll(async () => {
  server = await startServer(runtime)
  const client = makeClient(server.url)
  await client.repos.add.mutate({ name: "app", provider: "github", cloneUrl: "https://github.com/acme/app.git", forgeRepo: "acme/app", token: REPO_TOKEN })
  await client.tasks.create.mutate({ title: "Touch the app", key: "APP-1", repo: "app" })
  await client.templates.create.mutate({ name: "tpl", repo: "app" })
  await client.ideas.create.mutate({ title: "An idea" })
})
afterAll(async () => {
  await server?.close()
  await runtime.dispose()
})

/** Inputs for queries that need one. */
const inputs: Record<string, unknown> = {
  "tasks.get": { key: "APP-1" },
  "repos.get": { name: "app" },
  "runs.list": { key: "APP-1" },
  "templates.get": { id: 1 },
  "ideas.get": { id: 1 },
  "stats.summary": { days: 90 },
  "plans.get": { key: "APP-1" },
  "insight.forecast": { key: "APP-1" },
  "insight.compaction": { key: "APP-1" },
  "insight.patches": { key: "APP-1" }
}

/** The raw text of an SSE stream for a while. */
const readStream = async (path: string, ms: number) => {
  const controller = new AbortController()
  const res = await fetch(`${server.url}trpc/${path}?input=${encodeURIComponent("{}")}`, { headers: { accept: "text/event-stream" }, signal: controller.signal })
  expect(res.status).toBe(200)
  const reader = res.body!.getReader()
  let text = ""
  setTimeout(() => controller.abort(), ms)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
  } catch {
    // aborted
  }
  return text
}

describe("no secret reaches the browser", () => {
  it("no query answer carries a vendor key, a repo token, the database password or the bot token", async () => {
    const queries = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
      .filter(([, p]) => p._def.type === "query").map(([p]) => p)
    let seen = ""
    for (const p of queries) {
      const res = await fetch(`${server.url}trpc/${p}?input=${encodeURIComponent(JSON.stringify(inputs[p] ?? {}))}`)
      expect({ p, status: res.status }).toEqual({ p, status: 200 })
      seen += await res.text()
    }
    for (const canary of canaries) expect(seen).not.toContain(canary)
    // The answers are real: the repo knows it has a token, the environment knows the key is set.
    expect(seen).toContain(`"hasToken":true`)
    const environment = await makeClient(server.url).settings.environment.query()
    expect(environment.find((e) => e.name === "ANTHROPIC_API_KEY")).toMatchObject({ set: true, shown: null })
    expect(environment.find((e) => e.name === "DATABASE_URL")?.shown).toBe("postgresql://db.example:5432/devserver")
  })

  it("no SSE message and no served file carries one", async () => {
    const streamed = (await Promise.all([readStream("events.subscribe", 1500), readStream("queue.watch", 1500)])).join("")
    expect(streamed).toContain("status_changed")
    let served = ""
    for (const p of ["", "tasks", "assets/app-1234.js", "healthz"]) served += await (await fetch(`${server.url}${p}`)).text()
    for (const canary of canaries) {
      expect(streamed).not.toContain(canary)
      expect(served).not.toContain(canary)
    }
  })
})
