/** The repo cache shared by worker processes: created and fetched by one process at a time. */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { execa } from "execa"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Forge from "../support/Forge.js"

describe("RepoCache", () => {
  it.live("four processes creating the same caches at the same instants all succeed, each cache complete", () =>
    Effect.gen(function*() {
      const root = yield* Effect.acquireRelease(
        Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "devserver-cache-"))),
        (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
      )
      const forge = Forge.make(root)
      const prefix = path.join(root, "data", "cache", "demo")
      const caches = Array.from({ length: 5 }, (_, i) => `${prefix}-${i}.git`)
      const go = path.join(root, "go")
      const fixture = path.join(import.meta.dirname, "fixtures", "fetchCache.ts")
      const workers = Array.from({ length: 4 }, () =>
        execa(process.execPath, ["--import", "tsx", fixture, prefix, forge.url, go, String(caches.length)], { reject: false, stdin: "ignore", env: { HOME: root } }))
      // All four load, then the go file releases them together, to race for each cache in turn.
      const ready = () => fs.readdirSync(root).filter((n) => n.startsWith("go.ready-")).length
      for (let waited = 0; ready() < workers.length && waited < 120_000; waited += 50) yield* Effect.sleep("50 millis")
      assert.strictEqual(ready(), workers.length, "every process loaded")
      fs.writeFileSync(go, "")
      const results = yield* Effect.promise(() => Promise.all(workers))
      for (const r of results) assert.strictEqual(r.stdout.trim(), "OK", `${r.stdout} ${r.stderr}`)
      for (const cache of caches) {
        assert.strictEqual(Forge.run(cache, "config", "--get", "remote.origin.url"), forge.url)
        assert.strictEqual(Forge.run(cache, "rev-parse", "refs/remotes/origin/main"), Forge.run(forge.path, "rev-parse", "main"))
      }
      assert.deepStrictEqual(fs.readdirSync(path.dirname(prefix)).filter((n) => n.includes(".tmp-")), [], "no build leftovers")
    }).pipe(Effect.scoped), 240_000)
})
