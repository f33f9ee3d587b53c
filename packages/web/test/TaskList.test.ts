/**
 * The Tasks page over 10,000 tasks, in headless Chromium against `devserver start`: every filter,
 * the search, sorting and paging are done by the server, and what the page shows matches the
 * database.
 */
import pg from "pg"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openSession, type Session } from "./support/Session.js"

let s: Session
let db: pg.Client
let page: Page

const N = 10_000
const count = async (where: string) => Number((await db.query(`select count(*)::int as n from tasks where ${where}`)).rows[0].n)
const fmt = (n: number) => n.toLocaleString("en")
const range = () => page.getByTestId("page-range").textContent()
const firstKey = () => page.locator("tbody tr[data-task]").first().getAttribute("data-task")
const statuses = () => page.locator("tbody [data-status]").evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))

beforeAll(async () => {
  s = await openSession()
  await s.api.queue.pause.mutate()
  db = new pg.Client({ connectionString: s.server.databaseUrl() })
  await db.connect()
  // Fixture rows straight into the table (no worker involvement): finished or idle statuses only.
  await db.query(`
    insert into tasks (key, title, priority, labels, status, archived, created_at, updated_at)
    select 'BULK-' || i, 'Bulk task number ' || i, 1 + i % 4,
           case i % 3 when 0 then '{lint}'::text[] when 1 then '{tests,deps}'::text[] else '{}'::text[] end,
           (array['pending', 'review', 'done', 'failed', 'cancelled'])[1 + i % 5], i % 10 = 0,
           now() - (${N} - i) * interval '1 minute', now() - (${N} - i) * interval '1 minute'
    from generate_series(1, ${N}) as i`)
  page = await s.page()
})
afterAll(async () => {
  await db?.end()
  await s?.close()
})

describe("the task list", () => {
  it("pages through 10,000 tasks with server-side filters, search and sorting", async () => {
    const visible = await count("not archived")
    await page.goto(`${s.server.url}tasks`)
    await expect.poll(range, { timeout: 30_000 }).toBe(`1–50 of ${fmt(visible)}`)
    expect(await page.locator("tbody tr[data-task]").count()).toBe(50)
    const newest = async (offset: number) =>
      (await db.query("select key from tasks where not archived order by created_at desc, id desc offset $1 limit 1", [offset])).rows[0].key
    expect(await firstKey()).toBe(await newest(0))

    await page.getByRole("button", { name: "Next" }).click()
    await expect.poll(range).toBe(`51–100 of ${fmt(visible)}`)
    await expect.poll(firstKey).toBe(await newest(50))
    await page.getByRole("button", { name: "Previous" }).click()
    await expect.poll(range).toBe(`1–50 of ${fmt(visible)}`)

    // A bookmarked last page.
    const lastOffset = Math.floor((visible - 1) / 50) * 50
    await page.goto(`${s.server.url}tasks?offset=${lastOffset}`)
    await expect.poll(range).toBe(`${fmt(lastOffset + 1)}–${fmt(visible)} of ${fmt(visible)}`)
    expect(await page.getByRole("button", { name: "Next" }).isDisabled()).toBe(true)

    await page.goto(`${s.server.url}tasks`)
    await page.getByLabel("Status").selectOption("failed")
    const failed = await count("status = 'failed' and not archived")
    await expect.poll(range).toBe(`1–50 of ${fmt(failed)}`)
    expect(new Set(await statuses())).toEqual(new Set(["failed"]))

    await page.getByLabel("Priority").selectOption("1")
    await page.getByLabel("Label").fill("lint")
    await page.getByLabel("Label").press("Enter")
    const narrow = await count("status = 'failed' and not archived and priority = 1 and 'lint' = any(labels)")
    await expect.poll(range).toBe(`${narrow === 0 ? "0" : `1–${Math.min(50, narrow)}`} of ${fmt(narrow)}`)
    expect(page.url()).toContain("status=failed")

    await page.goto(`${s.server.url}tasks`)
    await page.getByLabel("Search tasks").fill("BULK-1234")
    await expect.poll(range).toBe("1–1 of 1")
    expect(await firstKey()).toBe("BULK-1234")

    await page.goto(`${s.server.url}tasks`)
    await page.getByLabel("Archived").check()
    await expect.poll(range).toBe(`1–50 of ${fmt(N)}`)

    await page.getByRole("button", { name: /^Key/ }).click()
    const byKey = (await db.query("select key from tasks order by key desc limit 1")).rows[0].key
    await expect.poll(firstKey).toBe(byKey)
    await page.getByRole("button", { name: /^Key/ }).click()
    const byKeyAsc = (await db.query("select key from tasks order by key asc limit 1")).rows[0].key
    await expect.poll(firstKey).toBe(byKeyAsc)
    expect(await page.locator("th[aria-sort]").getAttribute("aria-sort")).toBe("ascending")
  })
})
