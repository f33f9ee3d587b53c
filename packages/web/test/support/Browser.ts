/**
 * Debian's Chromium driven by playwright-core: headless, no network side-traffic, a fresh profile in
 * its own temporary folder that is removed on close.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { type BrowserContext, chromium } from "playwright-core"

export const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

const flags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage"
]

export interface OpenBrowser {
  /** One browser profile; open pages with `context.newPage()`. */
  readonly context: BrowserContext
  /** Closes the browser and removes its profile folder. */
  readonly close: () => Promise<void>
}

export const launch = async (options: { viewport?: { width: number; height: number } } = {}): Promise<OpenBrowser> => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-chromium-"))
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: flags,
      viewport: options.viewport ?? { width: 1280, height: 860 }
    })
    const close = async () => {
      await context.close().catch(() => undefined)
      // Chromium's helper processes may still write into the profile for a moment after close.
      for (let i = 0; i < 5; i++) {
        fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 })
        await new Promise((r) => setTimeout(r, 200))
        if (!fs.existsSync(profile)) break
      }
    }
    return { context, close }
  } catch (error) {
    fs.rmSync(profile, { recursive: true, force: true })
    throw error
  }
}
