/**
 * Screenshots of every page, light and dark (and two at phone width), into docs/screenshots/.
 * Runs `devserver start` on a fresh data folder, seeds tasks through the API and the real worker,
 * then opens each page in headless Chromium. `DEVSERVER_URL` points it at a running server instead.
 *
 *   npx tsx packages/web/test/screenshots.ts
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { makeApi } from "./support/Api.js"
import { launch } from "./support/Browser.js"
import { cliBin, type DevServer, startDevServer } from "./support/DevServerProcess.js"
import { seed } from "./support/seed.js"

const out = path.resolve(import.meta.dirname, "../../../docs/screenshots")

/** Two repos through the CLI, as a user adds them (the local one a real checkout, removed afterwards). */
const addRepos = async (server: DevServer) => {
  const checkout = path.join(server.dataDir, "checkout")
  fs.mkdirSync(checkout)
  execFileSync("git", ["init", "-q", "-b", "main", checkout])
  const env = { ...process.env, DEVSERVER_DATA_DIR: server.dataDir, HOME: server.dataDir }
  const cli = (...args: Array<string>) => execFileSync(process.execPath, [cliBin, ...args], { env, stdio: "ignore" })
  cli("repo", "add", "api-server", "--provider", "github", "--clone-url", "https://github.com/acme/api-server.git", "--test", "npm test", "--vendor", "anthropic")
  cli("repo", "add", "notes", "--provider", "local", "--path", checkout)
}

const main = async () => {
  const server: DevServer | undefined = process.env.DEVSERVER_URL ? undefined : await startDevServer()
  const url = process.env.DEVSERVER_URL ?? server!.url
  const browser = await launch()
  try {
    if (server !== undefined) await addRepos(server)
    const keys = await seed(makeApi(url))
    await new Promise((r) => setTimeout(r, 3000)) // let the running task print some lines
    const pages: Array<[string, string]> = [
      ["dashboard", "/"],
      ["tasks", "/tasks"],
      ["task", `/tasks/${keys.running}`],
      ["task-review", `/tasks/${keys.reviewed}`],
      ["new-task", "/new"],
      ["templates", "/templates"],
      ["ideas", "/ideas"],
      ["decisions", "/decisions"],
      ["schedules", "/schedules"],
      ["repos", "/repos"],
      ["settings", "/settings"],
      ["logs", "/logs"]
    ]
    fs.mkdirSync(out, { recursive: true })
    const page = await browser.context.newPage()
    const shoot = async (name: string, route: string, theme: "light" | "dark") => {
      await page.emulateMedia({ colorScheme: theme, reducedMotion: "reduce" })
      await page.goto(new URL(route, url).href)
      await page.waitForSelector("main h1")
      await page.waitForLoadState("networkidle").catch(() => undefined)
      await page.waitForTimeout(800) // charts draw after chart.js loads
      await page.screenshot({ path: path.join(out, `${name}-${theme}.png`), fullPage: name === "dashboard" || name.startsWith("task") })
      console.log(`${name}-${theme}.png`)
    }
    for (const theme of ["light", "dark"] as const) for (const [name, route] of pages) await shoot(name, route, theme)
    await page.setViewportSize({ width: 375, height: 780 })
    await shoot("mobile-dashboard", "/", "dark")
    await shoot("mobile-tasks", "/tasks", "light")
  } finally {
    await browser.close()
    await server?.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
