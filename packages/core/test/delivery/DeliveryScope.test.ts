import { SqlClient } from "@effect/sql"
import { afterAll, describe, expect, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as DeliverLive from "../../src/delivery/DeliverLive.js"
import * as PlanGate from "../../src/gates/PlanGate.js"
import { Deliver } from "../../src/pipeline/Deliver.js"
import { bench, inputFor, remote, taskWithWork } from "./DeliveryFixture.js"

const root = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-delivery-scope-"))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
const b = bench(root)
// The same bench, with the plan gate present: an approved plan's files_to_touch is the allow-list.
const withPlans = DeliverLive.layerWith(b.settings).pipe(Layer.provideMerge(PlanGate.layer), Layer.provideMerge(b.layer))

const approve = (taskId: number, files: ReadonlyArray<string>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`insert into plans (task_id, plan, status) values (${taskId}, ${JSON.stringify({
      summary: "s", approach: "a", steps: [], files_to_touch: files, risks: [], acceptance_check: "c"
    })}, 'approved')`)

describe("delivery scope", () => {
  layer(withPlans, { excludeTestServices: true })((it) => {
    it.scoped("files outside the approved plan are named in the PR; they do not block", () =>
      Effect.gen(function*() {
        const r = yield* remote(root, "gitea")
        const w = yield* taskWithWork(r, "pr", { "src/a.ts": "export const a = 1\n", "scripts/extra.sh": "echo extra\n" })
        yield* approve(w.task.id, ["src/"])
        const outcome = yield* (yield* Deliver).deliver(yield* inputFor(w))
        expect(outcome.status).toBe("review")
        expect(r.api.prs[0]!.body).toContain("**Outside the approved plan:** `scripts/extra.sh`")
      }))
  })
})
