import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import type { Repo } from "../../src/domain/Repo.js"
import type { ForgeTarget } from "../../src/forge/Forge.js"
import * as ForgeLive from "../../src/forge/ForgeLive.js"
import { openOrUpdate } from "../../src/forge/OpenPullRequest.js"
import { apiBase, ownerAndName, targetOf } from "../../src/forge/Target.js"
import * as ForgeApi from "../support/ForgeApi.js"

const TOKEN = "forge-api-secret-token-123"

const targetFor = (api: ForgeApi.ForgeApi, token = TOKEN): ForgeTarget => ({
  provider: api.flavor,
  apiBase: `${api.url}/api/${api.flavor === "github" ? "v3" : "v1"}`,
  owner: api.owner,
  name: api.name,
  token: Redacted.make(token)
})
const input = (head = "agent/API-1") => ({ title: "[API-1] Fix the parser", body: "body v1", head, base: "main" })

for (const flavor of ["gitea", "github"] as const) {
  describe(`forge API (${flavor})`, () => {
    it.scoped("opens a PR, then reuses and updates it (found on a later page), never a duplicate", () =>
      Effect.gen(function*() {
        const api = yield* ForgeApi.serve(flavor, { token: TOKEN })
        api.pageSize = 5
        const client = ForgeLive.client(targetFor(api))
        const first = yield* openOrUpdate(client, input())
        expect(first.reused).toBe(false)
        expect(first.pr.url).toBe(`${api.url}/acme/app/pull${flavor === "github" ? "" : "s"}/1`)
        for (let i = 0; i < 12; i++) yield* client.createPullRequest(input(`feature/other-${i}`))
        const again = yield* openOrUpdate(client, { ...input(), body: "body v2" })
        expect(again).toMatchObject({ reused: true, pr: { number: 1 } })
        expect(api.prs.filter((p) => p.head === "agent/API-1")).toHaveLength(1)
        expect(api.prs[0]!.body).toBe("body v2")
        if (flavor === "gitea") expect(api.requests.some((r) => r.includes("page=3"))).toBe(true)
        else expect(api.requests.some((r) => r.includes("head=acme%3Aagent%2FAPI-1"))).toBe(true)
        expect(api.requests.every((r) => r.endsWith(flavor === "github" ? "[Bearer]" : "[token]"))).toBe(true)
      }))

    it.scoped("an existing PR on create is a typed Conflict", () =>
      Effect.gen(function*() {
        const api = yield* ForgeApi.serve(flavor, { token: TOKEN })
        const client = ForgeLive.client(targetFor(api))
        yield* client.createPullRequest(input())
        const error = yield* Effect.flip(client.createPullRequest(input()))
        expect(error).toMatchObject({ _tag: "ForgeError", reason: "Conflict", status: flavor === "github" ? 422 : 409 })
        expect(error.detail).toMatch(/already exists/)
      }))

    it.scoped("a rejected token is Auth and creates nothing; the error never holds the token", () =>
      Effect.gen(function*() {
        const api = yield* ForgeApi.serve(flavor, { token: TOKEN })
        const error = yield* Effect.flip(openOrUpdate(ForgeLive.client(targetFor(api, "wrong-token")), input()))
        expect(error).toMatchObject({ reason: "Auth", status: 401 })
        expect(api.prs).toEqual([])
        expect(JSON.stringify(error) + error.message).not.toContain("wrong-token")
      }))

    it.scoped("API down, then 502, then back: Transport errors, then the PR opens", () =>
      Effect.gen(function*() {
        const api = yield* ForgeApi.serve(flavor, { token: TOKEN })
        const client = ForgeLive.client(targetFor(api))
        api.down = true
        expect(yield* Effect.flip(openOrUpdate(client, input()))).toMatchObject({ reason: "Transport" })
        api.down = false
        api.failNext = { count: 1, status: 502 }
        expect(yield* Effect.flip(openOrUpdate(client, input()))).toMatchObject({ reason: "Transport", status: 502 })
        expect((yield* openOrUpdate(client, input())).reused).toBe(false)
        expect(api.prs).toHaveLength(1)
      }))

    it.scoped("rate limited: RateLimited with the wait the forge asked for", () =>
      Effect.gen(function*() {
        const api = yield* ForgeApi.serve(flavor, { token: TOKEN })
        api.rateLimitNext = 1
        const error = yield* Effect.flip(ForgeLive.client(targetFor(api)).findOpenPullRequest("agent/API-1", "main"))
        expect(error.reason).toBe("RateLimited")
        expect(error.retryAfterMs).toBeGreaterThan(0)
        expect(error.retryAfterMs).toBeLessThanOrEqual(2000)
      }))

    it.scoped("access: push permission, login and (GitHub) token scopes; an unknown repo is NotFound", () =>
      Effect.gen(function*() {
        const api = yield* ForgeApi.serve(flavor, { token: TOKEN })
        const client = ForgeLive.client(targetFor(api))
        expect(yield* client.access()).toEqual({ login: "devserver-bot", canPush: true, scopes: flavor === "github" ? ["repo", "workflow"] : null })
        api.canPush = false
        expect((yield* client.access()).canPush).toBe(false)
        const missing = yield* Effect.flip(ForgeLive.client({ ...targetFor(api), name: "nope" }).access())
        expect(missing.reason).toBe("NotFound")
        expect(Option.isNone(yield* client.findOpenPullRequest("agent/none", "main"))).toBe(true)
      }))
  })
}

describe("forge targets", () => {
  const repo = (fields: Partial<Repo>) => ({ provider: "gitea", cloneUrl: "", apiUrl: "", forgeRepo: "", ...fields }) as Repo
  it("API roots and owner/name from the repo's settings", () => {
    expect(apiBase(repo({ provider: "github" }))).toBe("https://api.github.com")
    expect(apiBase(repo({ provider: "github", apiUrl: "https://ghe.corp/" }))).toBe("https://ghe.corp/api/v3")
    expect(apiBase(repo({ provider: "github", apiUrl: "https://ghe.corp/api/v3" }))).toBe("https://ghe.corp/api/v3")
    expect(apiBase(repo({ cloneUrl: "https://git.home.lan/acme/app.git" }))).toBe("https://git.home.lan/api/v1")
    expect(apiBase(repo({ provider: "forgejo", apiUrl: "https://codeberg.org/api/v1" }))).toBe("https://codeberg.org/api/v1")
    expect(ownerAndName(repo({ cloneUrl: "git@git.home.lan:acme/app.git" }))).toEqual({ owner: "acme", name: "app" })
    expect(ownerAndName(repo({ cloneUrl: "https://x/y/acme/app.git", forgeRepo: "team/tool" }))).toEqual({ owner: "team", name: "tool" })
    expect(targetOf(repo({ provider: "local" }), null)).toMatch(/local/)
    expect(targetOf(repo({ cloneUrl: "https://x/app.git" }), null)).toMatch(/owner\/name/)
  })
})
