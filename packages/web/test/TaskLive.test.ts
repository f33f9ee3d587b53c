/**
 * A user's day in the dashboard, in headless Chromium against `devserver start`: create a task in the
 * UI, enqueue it, watch it run without reloading; cancel a running task and see its process gone;
 * pause and resume the queue.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { eventually } from "./support/Api.js"
import { overflowX, unnamedControls } from "./support/a11y.js"
import { alive, openSession, type Session } from "./support/Session.js"

let s: Session
beforeAll(async () => {
  s = await openSession()
})
afterAll(async () => {
  await s?.close()
})

describe("a task in the browser", () => {
  it("is created in the form, enqueued, and shows its status and log lines live, without a reload", async () => {
    const page = await s.page()
    await page.goto(`${s.server.url}new`)
    await page.getByLabel("Title").fill("Say hello three times")
    await page.getByLabel("Description").fill("for i in 1 2 3; do echo \"hello $i\"; sleep 1; done; echo hello > hello.txt")
    await page.getByLabel("Vendor", { exact: true }).selectOption("command")
    await page.getByLabel("Git flow").selectOption("untracked")
    await page.getByRole("button", { name: "Create", exact: true }).click()
    await page.waitForURL(/\/tasks\/[A-Z0-9_-]+$/)
    const key = page.url().split("/").pop()!
    const status = page.getByTestId("task-status")
    await expect.poll(() => status.textContent()).toBe("pending")
    // A marker on the window: if the page reloaded, it would be gone.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42))

    await page.getByRole("button", { name: "Enqueue" }).click()
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/queued|running/)
    await page.getByText("hello 1").waitFor({ timeout: 60_000 })
    await page.getByText("hello 3").waitFor({ timeout: 30_000 })
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe("review")
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42)
    expect((await s.api.tasks.get.query({ key })).status).toBe("review")
    await page.close()
  })

  it("is cancelled while running: the badge says so and the agent's process is gone", async () => {
    const pidFile = path.join(s.tmp, "agent.pid")
    const task = await s.api.tasks.create.mutate({
      title: "Sleep for a long time",
      description: `echo $$ > ${pidFile}; echo sleeping; sleep 600`,
      vendor: "command",
      gitFlow: "untracked"
    } as never)
    await s.api.tasks.enqueue.mutate({ key: task.key })
    const page = await s.page()
    await page.goto(`${s.server.url}tasks/${task.key}`)
    await page.getByText("sleeping", { exact: true }).waitFor({ timeout: 60_000 })
    const pid = Number(fs.readFileSync(pidFile, "utf8").trim())
    expect(alive(pid)).toBe(true)

    await page.getByRole("button", { name: "Cancel" }).click()
    await expect.poll(() => page.getByTestId("task-status").textContent(), { timeout: 30_000 }).toBe("cancelled")
    await eventually(async () => !alive(pid), 10_000, `agent process ${pid} to end`)
    expect((await s.api.tasks.get.query({ key: task.key })).status).toBe("cancelled")
    await page.close()
  })

  it("waits in the queue while paused and runs once resumed", async () => {
    const page = await s.page()
    await page.goto(s.server.url)
    await page.getByRole("button", { name: "Pause the queue" }).click()
    await page.getByTestId("paused-banner").waitFor()
    expect((await s.api.queue.status.query()).paused).toBe(true)

    const task = await s.api.tasks.create.mutate({ title: "Run after resume", description: "echo resumed > resumed.txt", vendor: "command", gitFlow: "untracked" } as never)
    await s.api.tasks.enqueue.mutate({ key: task.key })
    await expect.poll(() => page.getByTestId("queue-depth").textContent(), { timeout: 30_000 }).toBe("1")
    // Paused means no claim: the task is still queued a while later.
    await new Promise((r) => setTimeout(r, 3000))
    expect((await s.api.tasks.get.query({ key: task.key })).status).toBe("queued")

    await page.getByRole("button", { name: "Resume the queue" }).click()
    await page.getByTestId("paused-banner").waitFor({ state: "detached" })
    await eventually(async () => (await s.api.tasks.get.query({ key: task.key })).status === "review", 60_000, "the task to run")
    await expect.poll(() => page.getByTestId("queue-depth").textContent(), { timeout: 30_000 }).toBe("0")
    await page.close()
  })

  it("every page names its controls, fits a 375 px screen and starts with a skip link for the keyboard", async () => {
    const page = await s.page()
    const { items } = await s.api.tasks.list.query({})
    const routes = ["/", "/tasks", `/tasks/${items[0]!.key}`, "/new", "/templates", "/ideas", "/schedules", "/repos", "/settings", "/logs"]
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 800 })
      for (const route of routes) {
        await page.goto(new URL(route, s.server.url).href)
        await page.locator("main h1").first().waitFor()
        await page.waitForLoadState("networkidle").catch(() => undefined)
        expect({ route, width, unnamed: await unnamedControls(page) }).toEqual({ route, width, unnamed: [] })
        expect({ route, width, overflow: await overflowX(page) }).toEqual({ route, width, overflow: 0 })
      }
    }
    // Keyboard: the first Tab lands on the skip link, Enter moves focus to the page's content.
    await page.goto(s.server.url)
    await page.locator("main h1").waitFor()
    await page.keyboard.press("Tab")
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content")
    await page.keyboard.press("Enter")
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("content")
    // At phone width the menu button opens the navigation and Escape closes it again.
    await page.getByRole("button", { name: "Open navigation" }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest("nav")?.id)).toBe("sidebar")
    await page.keyboard.press("Escape")
    expect(await page.getByRole("button", { name: "Open navigation" }).getAttribute("aria-expanded")).toBe("false")
    await page.close()
  })
})
