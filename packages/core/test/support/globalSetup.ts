/**
 * One embedded PostgreSQL per test run (per vitest project), in a fresh temporary data folder.
 * Test files create their own database on it (`TestDatabase`), so they run in parallel.
 */
import { Effect, Exit, Redacted, Scope } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { TestProject } from "vitest/node"
import * as EmbeddedPostgres from "../../src/store/EmbeddedPostgres.js"
import type {} from "./ProvidedContext.js"
import * as TempDir from "./TempDir.js"

export default async function setup(project: TestProject) {
  const dir = TempDir.make("devserver-test-pg-")
  fs.chmodSync(dir, 0o755)
  const scope = Effect.runSync(Scope.make())
  const server = await Effect.runPromise(Scope.extend(EmbeddedPostgres.start(path.join(dir, "data")), scope))
  project.provide("pgAdminUrl", Redacted.value(server.url))
  return async () => {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
