import { afterAll, describe, expect, layer } from "@effect/vitest"
import { Effect, Layer, Option, Redacted } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as ForgeLive from "../../src/forge/ForgeLive.js"
import { RepoCheck, make } from "../../src/delivery/RepoCheck.js"
import * as DataDir from "../../src/store/DataDir.js"
import { Repos } from "../../src/store/Repos.js"
import * as Forge from "../support/Forge.js"
import * as TestStore from "../support/TestStore.js"
import { remote, TOKEN } from "./DeliveryFixture.js"

const root = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-repocheck-"))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root }
const testLayer = Layer.effect(RepoCheck, make({ env, globalToken: Option.none() })).pipe(
  Layer.provideMerge(Layer.mergeAll(ForgeLive.layer, DataDir.layer(path.join(root, "data")))),
  Layer.provideMerge(TestStore.layer)
)

let n = 0
const summary = (checks: ReadonlyArray<{ name: string; ok: boolean }>) => checks.map((c) => `${c.name}:${c.ok ? "ok" : "FAIL"}`).join(" ")

describe("repo test", () => {
  layer(testLayer, { excludeTestServices: true })((it) => {
    it.scoped("a reachable repo with a good token passes every check; each failure says what to fix", () =>
      Effect.gen(function*() {
        const r = yield* remote(root, "github")
        const add = (token: string | undefined, extra: Record<string, unknown> = {}) =>
          Effect.flatMap(Repos, (repos) => repos.add({
            name: `rc-${++n}`, provider: "github", cloneUrl: `${r.git.url}/forge.git`, apiUrl: r.api.url, forgeRepo: "acme/app", ...extra
          }, token === undefined ? undefined : Redacted.make(token)))
        const check = yield* RepoCheck
        const good = yield* check.test((yield* add(TOKEN)).name)
        expect(summary(good)).toBe("token:ok clone:ok api:ok push:ok")

        const wrong = yield* check.test((yield* add("wrong-token")).name)
        expect(summary(wrong)).toBe("token:ok clone:FAIL api:FAIL")
        expect(wrong[1]!.message).toMatch(/^clone: the forge rejected the token/)
        expect(wrong[2]!.message).toMatch(/^api: the forge rejected the token \(HTTP 401\)/)

        expect(summary(yield* check.test((yield* add(undefined)).name))).toBe("token:FAIL clone:FAIL api:FAIL")

        r.api.canPush = false
        const readOnly = yield* check.test((yield* add(TOKEN)).name)
        expect(summary(readOnly)).toBe("token:ok clone:ok api:ok push:FAIL")
        expect(readOnly[3]!.message).toMatch(/cannot push to acme\/app \(scopes: read:org\)/)

        const branch = yield* check.test((yield* add(TOKEN, { defaultBranch: "trunk" })).name)
        expect(branch[1]!.message).toMatch(/has no branch trunk/)
        const missing = yield* check.test((yield* add(TOKEN, { forgeRepo: "acme/gone" })).name)
        expect(missing[2]!.message).toMatch(/acme\/gone at .* not found/)
        const down = yield* check.test((yield* add(TOKEN, { cloneUrl: "http://127.0.0.1:9/none.git", apiUrl: "http://127.0.0.1:9" })).name)
        expect(summary(down)).toBe("token:ok clone:FAIL api:FAIL")
        expect(down[2]!.message).toMatch(/^api: cannot reach/)
        expect(JSON.stringify([good, wrong, readOnly, down])).not.toContain(TOKEN)
      }))

    it.effect("a local repo: the folder is still a checkout", () =>
      Effect.gen(function*() {
        const dir = fs.mkdtempSync(path.join(root, "local-"))
        Forge.run(dir, "init", "--quiet", "-b", "main")
        Forge.run(dir, "commit", "--quiet", "--allow-empty", "-m", "x")
        const repo = yield* Effect.flatMap(Repos, (r) => r.add({ name: "local-rc", provider: "local", localPath: dir }))
        expect(yield* (yield* RepoCheck).test(repo.name)).toEqual([{ name: "checkout", ok: true, message: `${dir} is a git checkout on main` }])
        fs.rmSync(path.join(dir, ".git"), { recursive: true })
        expect((yield* (yield* RepoCheck).test(repo.name))[0]!.ok).toBe(false)
      }))
  })
})
