import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { useServer } from "./support/TestServer.js"

const server = useServer()

beforeAll(async () => {
  const { client, runtime } = server
  await client.repos.add.mutate({ name: "web", provider: "github", cloneUrl: "https://example.com/web.git" })
  await runtime.runPromise(Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
    insert into tasks (key, title, priority, labels, repo_id, status, archived)
    select 'L-' || g, case when g % 3 = 0 then 'Fix 100% of the bugs #' || g else 'Task ' || g end, 1 + g % 4,
      case when g % 5 = 0 then array['ui'] else array[]::text[] end, case when g % 2 = 0 then 1 end,
      (array['pending', 'failed', 'review'])[1 + g % 3], g % 10 = 0
    from generate_series(1, 250) g`))
})
const list = (query: Parameters<typeof server.client.tasks.list.query>[0]) => server.client.tasks.list.query(query)

describe("tasks.list", () => {
  it("pages through every live task once, newest first, with the exact total", async () => {
    const keys: Array<string> = []
    for (let offset = 0; ; offset += 40) {
      const page = await list({ limit: 40, offset })
      expect(page.total).toBe(225)
      keys.push(...page.items.map((t) => t.key))
      if (page.items.length < 40) break
    }
    expect(keys).toHaveLength(225)
    expect(new Set(keys).size).toBe(225)
    expect(keys[0]).toBe("L-249")
  })

  it("sorts by a column with ties without repeating or skipping across pages", async () => {
    const byPriority = [
      ...(await list({ sort: "priority", order: "asc", limit: 100 })).items,
      ...(await list({ sort: "priority", order: "asc", limit: 100, offset: 100 })).items,
      ...(await list({ sort: "priority", order: "asc", limit: 100, offset: 200 })).items
    ]
    expect(new Set(byPriority.map((t) => t.key)).size).toBe(225)
    expect(byPriority.map((t) => t.priority)).toEqual([...byPriority.map((t) => t.priority)].sort())
  })

  it("filters by status, repo, priority, label, archived and literal search text", async () => {
    expect((await list({ status: ["failed"] })).total).toBe(75)
    expect((await list({ repo: "web", includeArchived: true })).total).toBe(125)
    expect((await list({ priority: 1, label: "ui", includeArchived: true })).items.map((t) => t.key))
      .toEqual(["L-240", "L-220", "L-200", "L-180", "L-160", "L-140", "L-120", "L-100", "L-80", "L-60", "L-40", "L-20"])
    expect((await list({ search: "100%" })).total).toBe(75)
    expect((await list({ search: "100_" })).total).toBe(0)
    expect((await list({ search: "l-24" })).items.map((t) => t.key)).toEqual(["L-249", "L-248", "L-247", "L-246", "L-245", "L-244", "L-243", "L-242", "L-241", "L-24"])
  })
})
