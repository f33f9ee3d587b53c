/** The repo cache shared by worker processes: created and fetched by one process at a time. */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { execa } from "execa"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Forge from "../support/Forge.js"

describe("RepoCache", () => {
  it.live("four processes creating the same cache at the same instant all succeed, with one complete cache", () =>
    Effect.gen(function*() {
      const root = yield* Effect.acquireRelease(
        Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "devserver-cache-"))),
        (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
      )
      const forge = Forge.make(root)
      const cache = path.join(root, "data", "cache", "demo.git")
      const go = path.join(root, "go")
      const fixture = path.join(import.meta.dirname, "fixtures", "fetchCache.ts")
      const workers = Array.from({ length: 4 }, () =>
        execa(process.execPath, ["--import", "tsx", fixture, cache, forge.url, go], { reject: false, stdin: "ignore", env: { HOME: root } }))
      // All four start loading; the go file releases them together.
      yield* Effect.sleep("3 seconds")
      fs.writeFileSync(go, "")
      const results = yield* Effect.promise(() => Promise.all(workers))
      for (const r of results) assert.strictEqual(r.stdout.trim(), "OK", `${r.stdout} ${r.stderr}`)
      assert.strictEqual(Forge.run(cache, "config", "--get", "remote.origin.url"), forge.url)
      assert.strictEqual(Forge.run(cache, "rev-parse", "refs/remotes/origin/main"), Forge.run(forge.path, "rev-parse", "main"))
      assert.deepStrictEqual(fs.readdirSync(path.dirname(cache)).filter((n) => n.includes(".tmp-")), [], "no build leftovers")
    }).pipe(Effect.scoped), 120_000)
})
