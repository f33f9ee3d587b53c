/**
 * The gates in the browser, against `devserver start` whose system LLM is a loopback model server:
 * an interactive task's plan shows on its page and is approved there (the task runs), and a decision
 * an agent raised is answered on the Decisions page (the task is queued again and runs); New task
 * fills its form from one line; an idea is expanded into sub-goals that become dependent tasks.
 */
import * as path from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { LlmServer } from "../../core/test/support/models/LlmServer.js"
import { blockOnDecision } from "../../server/test/support/Gates.js"
import { eventually } from "./support/Api.js"
import { withCore } from "./support/Core.js"
import { openSession, type Session } from "./support/Session.js"

const KEY = "sk-web-gates"
const llm = new LlmServer(KEY)
const PLAN = {
  summary: "Write the greeting into done.txt",
  approach: "One shell command; nothing else changes.",
  steps: ["echo the greeting", "check the file"],
  files_to_touch: ["done.txt"],
  risks: ["none worth a note"],
  acceptance_check: "done.txt holds the greeting"
}
const shots = path.resolve(import.meta.dirname, "../../../docs/screenshots")

let s: Session
beforeAll(async () => {
  llm.answer = JSON.stringify(PLAN)
  await new Promise<void>((resolve) => llm.server.listen(0, "127.0.0.1", resolve))
  s = await openSession({ env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: llm.url } })
})
afterAll(async () => {
  await s?.close()
  await new Promise<void>((resolve) => {
    llm.server.close(() => resolve())
    llm.server.closeAllConnections()
  })
})

const statusOf = async (key: string) => (await s.api.tasks.get.query({ key })).status

const shoot = async (page: Page, name: string) => {
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ reducedMotion: "reduce" })
    // The theme switch in the sidebar, as a user flips it.
    const other = page.getByRole("button", { name: `Switch to ${theme} theme` })
    if ((await other.count()) > 0) await other.click()
    await page.waitForTimeout(300)
    await page.screenshot({ path: path.join(shots, `${name}-${theme}.png`), fullPage: true })
  }
}

describe("gates in the browser", () => {
  it("shows an interactive task's plan; Approve on the page queues it again and it runs", async () => {
    const task = await s.api.tasks.create.mutate({
      title: "Greet in done.txt",
      description: "echo hello from the approved plan > done.txt; echo wrote done.txt",
      vendor: "command",
      gitFlow: "untracked",
      mode: "interactive"
    } as never)
    await s.api.tasks.enqueue.mutate({ key: task.key })
    await eventually(async () => (await statusOf(task.key)) === "blocked", 120_000, "the plan run to block the task")
    expect(llm.received.some((r) => JSON.stringify(r.body).includes("Greet in done.txt"))).toBe(true)

    const page = await s.page()
    await page.goto(`${s.server.url}tasks/${task.key}`)
    const panel = page.getByTestId("plan-panel")
    await panel.getByText("Write the greeting into done.txt").waitFor({ timeout: 30_000 })
    expect(await panel.textContent()).toContain("awaiting approval")
    expect(await panel.getByText("done.txt", { exact: true }).count()).toBe(1)
    await page.getByTestId("forecast").getByText("Based on").waitFor()
    await shoot(page, "task-plan")

    await panel.getByRole("button", { name: "Approve plan" }).click()
    await expect.poll(() => page.getByTestId("task-status").textContent(), { timeout: 60_000 }).toMatch(/queued|running|verifying|review/)
    await page.getByText("wrote done.txt").waitFor({ timeout: 90_000 })
    await expect.poll(() => statusOf(task.key), { timeout: 90_000 }).toBe("review")
    expect(await panel.textContent()).toContain("approved")
    expect(await page.getByRole("button", { name: "Approve plan" }).count()).toBe(0)
    await page.close()
  })

  it("lists a raised decision on the Decisions page; Approve resolves it and the task runs again", async () => {
    const task = await s.api.tasks.create.mutate({ title: "Release the package", description: "echo released > release.txt; echo released", vendor: "command", gitFlow: "untracked" } as never)
    // As the pipeline leaves a task whose agent asked before `npm publish` (the queue is paused so no worker claims it meanwhile).
    await s.api.queue.pause.mutate()
    const decisionId = await withCore(s.server.databaseUrl(), blockOnDecision(task.key, "npm publish --access public"))
    await s.api.queue.resume.mutate()

    const page = await s.page()
    await page.goto(s.server.url)
    await page.getByTestId("decisions-notice").getByRole("link", { name: "Review →" }).click()
    await page.waitForURL(/\/decisions$/)
    const item = page.locator(`[data-decision-id="${decisionId}"]`)
    await item.getByText("npm publish --access public").waitFor({ timeout: 30_000 })
    expect(await item.textContent()).toContain("publishes a package")
    await shoot(page, "decisions")

    await item.getByRole("button", { name: "Approve" }).click()
    await page.getByText("No decision is waiting.").waitFor({ timeout: 30_000 })
    expect(await s.api.decisions.pending.query({})).toEqual([])
    const finished = await eventually(async () => ["review", "failed"].includes(await statusOf(task.key)) && statusOf(task.key), 90_000, "the task to run again")
    const story = (await s.api.events.list.query({ taskKey: task.key })).map((e) => JSON.stringify(e.payload)).join("\n")
    expect(finished, story).toBe("review")
    await page.close()
  })

  it("fills the New task form from one line with the system LLM's draft, and creates the task from it", async () => {
    llm.answer = JSON.stringify({ title: "Fix the flaky login test", description: "The login test races the session store.", acceptance: "- passes 20 runs in a row", priority: 2, labels: ["tests", "auth"], maxTurns: 30 })
    const page = await s.page()
    await page.goto(`${s.server.url}new`)
    await page.getByLabel("Fill from one line").fill("login test is flaky")
    await page.getByRole("button", { name: "Fill the form" }).click()
    await expect.poll(() => page.getByLabel("Title").inputValue(), { timeout: 30_000 }).toBe("Fix the flaky login test")
    expect(await page.getByLabel("Description").inputValue()).toBe("The login test races the session store.")
    expect(await page.getByLabel("Labels").inputValue()).toBe("tests, auth")
    expect(await page.getByLabel("Max turns").inputValue()).toBe("30")
    expect(JSON.stringify(llm.received.at(-1)!.body)).toContain("login test is flaky")
    await shoot(page, "new-task-fill")
    await page.getByRole("button", { name: "Create", exact: true }).click()
    await page.waitForURL(/\/tasks\/[A-Z0-9_-]+$/)
    const created = await s.api.tasks.get.query({ key: page.url().split("/").pop()! })
    expect(created).toMatchObject({ title: "Fix the flaky login test", priority: 2, labels: ["tests", "auth"], maxTurns: 30 })
    await page.close()
  })

  it("expands an idea on the Ideas page into sub-goals and creates their tasks, each waiting for the one before", async () => {
    await s.api.ideas.create.mutate({ title: "Add CSV export", body: "Users want their reports as CSV." } as never)
    llm.answer = JSON.stringify({ decision: "split", children: [
      { title: "CSV writer", body: "A streaming writer.", dependsOn: [] },
      { title: "Export endpoint", body: "GET /reports/:id.csv", dependsOn: [0] },
      { title: "Export button", body: "On the report page.", dependsOn: [1] }
    ] })
    const page = await s.page()
    await page.goto(`${s.server.url}ideas`)
    await page.getByRole("treeitem", { name: /Add CSV export/ }).getByRole("button").first().click()
    await page.getByRole("button", { name: "Expand goal" }).click()
    await page.getByText("Split into 3 sub-goals.").waitFor({ timeout: 30_000 })
    await page.getByRole("treeitem", { name: /Export endpoint/ }).waitFor()
    await page.getByRole("button", { name: "Create tasks", exact: true }).click()
    await page.getByText("3 task(s) created.").waitFor({ timeout: 30_000 })
    await expect.poll(() => page.locator("ul.plain a.mono").count(), { timeout: 30_000 }).toBe(3)
    await shoot(page, "ideas-expand")
    const keys = await page.locator("ul.plain a.mono").allTextContents()
    expect((await s.api.tasks.get.query({ key: keys[2]! })).dependsOn).toEqual([keys[1]])
    expect((await s.api.tasks.get.query({ key: keys[1]! })).title).toBe("Export endpoint")
    await page.close()
  })
})
