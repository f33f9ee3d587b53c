import { Auth } from "@devserver/core/auth/Auth"
import { SqlClient } from "@effect/sql"
import { Effect, ManagedRuntime, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { appRouter } from "../src/router/index.js"
import { publicProcedures } from "../src/http/RequestGuard.js"
import { makeClient, servicesLayer, startServer } from "./support/TestServer.js"

const runtime = ManagedRuntime.make(servicesLayer)
const password = "correct horse battery"
let server: { url: string; close: () => Promise<void> }

beforeAll(async () => {
  await runtime.runPromise(Effect.flatMap(Auth, (a) => a.setPassword(Redacted.make(password))))
  server = await startServer(runtime, "0.0.0.0")
})
afterAll(async () => {
  await server?.close()
  await runtime.dispose()
})

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
  .map(([path, p]) => ({ path, type: p._def.type }))

/** A raw call the way a browser or script would make it. */
const call = (path: string, type: string, headers: Record<string, string> = {}) =>
  type === "mutation"
    ? fetch(`${server.url}trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" })
    : fetch(`${server.url}trpc/${path}?input=${encodeURIComponent("{}")}`, {
      headers: { ...(type === "subscription" ? { accept: "text/event-stream" } : {}), ...headers }
    })

const login = async () => {
  const res = await fetch(`${server.url}trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password })
  })
  expect(res.status).toBe(200)
  const cookie = res.headers.get("set-cookie")!
  expect(cookie).toMatch(/HttpOnly/)
  expect(cookie).toMatch(/SameSite=Strict/)
  return cookie.split(";")[0]!
}

describe("auth when bound beyond loopback", () => {
  it("refuses to start on 0.0.0.0 when no password and no token is configured", async () => {
    const bare = ManagedRuntime.make(servicesLayer)
    const failure = await startServer(bare, "0.0.0.0").then(() => null, (e: unknown) => e)
    await bare.dispose()
    expect(String(failure)).toMatch(/refusing to listen on 0\.0\.0\.0.*DEVSERVER_PASSWORD.*devserver auth set-password.*devserver token create/)
  })

  it("answers 401 to every procedure and every SSE stream without a session or token", async () => {
    const guarded = procedures.filter((p) => !publicProcedures.has(p.path))
    expect(guarded.length).toBeGreaterThan(5)
    for (const p of guarded) {
      const res = await call(p.path, p.type)
      expect({ path: p.path, status: res.status }).toEqual({ path: p.path, status: 401 })
      expect((await res.json()).error.data.code).toBe("UNAUTHORIZED")
    }
    const batch = await fetch(`${server.url}trpc/tasks.list,repos.list?batch=1&input=${encodeURIComponent("{}")}`)
    expect(batch.status).toBe(401)
    expect(await batch.json()).toHaveLength(2)
    const stream = await fetch(`${server.url}trpc/events.subscribe?input=${encodeURIComponent("{}")}`, { headers: { accept: "text/event-stream" } })
    expect(stream.status).toBe(401)
  })

  it("logs in with the right password, works with the cookie, and logs out", async () => {
    const anonymous = makeClient(server.url)
    expect(await anonymous.auth.status.query()).toEqual({ loginRequired: true, authenticated: false })
    await expect(anonymous.auth.login.mutate({ password: "wrong password" })).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" }, message: "wrong password" })
    const cookie = await login()
    const client = makeClient(server.url, { headers: () => ({ cookie }) })
    expect(await client.auth.status.query()).toEqual({ loginRequired: true, authenticated: true })
    expect((await client.tasks.list.query({})).total).toBe(0)
    await client.auth.logout.mutate()
    await expect(client.tasks.list.query({})).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } })
  })

  it("an expired session is refused", async () => {
    const cookie = await login()
    const client = makeClient(server.url, { headers: () => ({ cookie }) })
    expect((await client.repos.list.query()).length).toBe(0)
    await runtime.runPromise(Effect.flatMap(SqlClient.SqlClient, (sql) => sql`update auth_sessions set expires_at = now() - interval '1 second'`))
    await expect(client.repos.list.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } })
  })

  it("an API token is a bearer token until revoked", async () => {
    const { token } = await runtime.runPromise(Effect.flatMap(Auth, (a) => a.createToken("script")))
    const client = makeClient(server.url, { headers: () => ({ authorization: `Bearer ${Redacted.value(token)}` }) })
    expect((await client.tasks.list.query({})).items).toEqual([])
    await runtime.runPromise(Effect.flatMap(Auth, (a) => a.revokeToken("script")))
    await expect(client.tasks.list.query({})).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } })
  })

  it("refuses a cross-origin POST even with a valid session, and a mutation over GET", async () => {
    const cookie = await login()
    const evil = await fetch(`${server.url}trpc/tasks.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: "https://evil.example" },
      body: JSON.stringify({ title: "planted" })
    })
    expect(evil.status).toBe(403)
    const viaGet = await fetch(`${server.url}trpc/tasks.create?input=${encodeURIComponent(JSON.stringify({ title: "planted" }))}`, { headers: { cookie } })
    expect(viaGet.status).toBe(405)
    const sameOrigin = await fetch(`${server.url}trpc/tasks.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: server.url.replace(/\/$/, "") },
      body: JSON.stringify({ title: "wanted" })
    })
    expect(sameOrigin.status).toBe(200)
    const titles = (await makeClient(server.url, { headers: () => ({ cookie }) }).tasks.list.query({})).items.map((t) => t.title)
    expect(titles).toEqual(["wanted"])
  })
})
