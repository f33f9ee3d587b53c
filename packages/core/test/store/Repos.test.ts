import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as SecretBox from "../../src/secrets/SecretBox.js"
import { Repos } from "../../src/store/Repos.js"
import * as TestStore from "../support/TestStore.js"

const TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"

describe("Repos", () => {
  it.layer(TestStore.layer)((it) => {
    it.effect("stores the token encrypted and never returns it with the repo", () =>
      Effect.gen(function*() {
        const repos = yield* Repos
        const sql = yield* SqlClient.SqlClient
        const added = yield* repos.add(
          { name: "secret-repo", provider: "github", cloneUrl: "https://github.com/acme/app.git", forgeRepo: "acme/app" },
          Redacted.make(TOKEN)
        )
        assert.isTrue(added.hasToken)
        const [row] = yield* sql<{ tokenEncrypted: string }>`select token_encrypted from repos where name = 'secret-repo'`
        assert.notInclude(row!.tokenEncrypted, TOKEN)
        assert.match(row!.tokenEncrypted, /^v1:/)
        const everything = yield* sql`select * from repos`
        assert.notInclude(JSON.stringify(everything), TOKEN)
        for (const repo of [added, yield* repos.get("secret-repo"), ...(yield* repos.list())]) {
          assert.notInclude(JSON.stringify(repo), TOKEN)
          assert.notProperty(repo, "token")
        }
        const token = yield* repos.token("secret-repo")
        assert.strictEqual(Option.map(token, Redacted.value).pipe(Option.getOrNull), TOKEN)
      }))

    it.effect("a token sealed under another key fails to open with a typed error", () =>
      Effect.gen(function*() {
        const other = SecretBox.make(Buffer.alloc(32, 9))
        const sealed = other.seal(Redacted.make(TOKEN))
        const error = yield* Effect.flip(SecretBox.make(TestStore.testKey).open(sealed))
        assert.strictEqual(error.reason, "DecryptFailed")
        assert.notInclude(error.message, TOKEN)
      }))

    it.effect("refuses credentials in the clone URL, bad URLs and missing fields, writing nothing", () =>
      Effect.gen(function*() {
        const repos = yield* Repos
        const before = (yield* repos.list()).length
        const cases = [
          [{ name: "a", provider: "github", cloneUrl: "https://user:pw@github.com/a/b.git" }, "cloneUrl"],
          [{ name: "b", provider: "github", cloneUrl: `https://${TOKEN}@github.com/a/b.git` }, "cloneUrl"],
          [{ name: "c", provider: "gitea", cloneUrl: "" }, "cloneUrl"],
          [{ name: "d", provider: "gitea", cloneUrl: "not a url" }, "cloneUrl"],
          [{ name: "Bad Name", provider: "gitea", cloneUrl: "https://x/y.git" }, "name"],
          [{ name: "e", provider: "svn", cloneUrl: "https://x/y.git" }, "provider"],
          [{ name: "f", provider: "gitea", cloneUrl: "https://x/y.git", defaultBranch: "../evil" }, "defaultBranch"],
          [{ name: "g", provider: "gitea", cloneUrl: "https://x/y.git", parallelism: 0 }, "parallelism"],
          [{ name: "h", provider: "local", localPath: "relative/path" }, "localPath"],
          [{ name: "i", provider: "local", localPath: "/definitely/not/here" }, "localPath"]
        ] as const
        for (const [input, field] of cases) {
          const error = yield* Effect.flip(repos.add(input as never))
          assert.strictEqual(error._tag, "InvalidInput", JSON.stringify(input))
          assert.strictEqual((error as { field: string }).field, field, JSON.stringify(input))
        }
        assert.notInclude(JSON.stringify(yield* repos.list()), TOKEN)
        assert.strictEqual((yield* repos.list()).length, before)
      }))

    it.effect("a local repo must be a git checkout and always runs one task at a time", () =>
      Effect.gen(function*() {
        const repos = yield* Repos
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-local-"))
        execFileSync("git", ["init", "-q", dir])
        const repo = yield* repos.add({ name: "mine", provider: "local", localPath: dir, parallelism: 4 })
        assert.strictEqual(repo.parallelism, 1)
        assert.strictEqual(repo.localPath, dir)
        fs.rmSync(dir, { recursive: true, force: true })
      }))
  })
})
