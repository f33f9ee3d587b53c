/** One `devserver start`, one Chromium and an API client, opened before a test file and closed after it. */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import type { Page } from "playwright-core"
import { type Api, makeApi } from "./Api.js"
import { launch, type OpenBrowser } from "./Browser.js"
import { type DevServer, startDevServer } from "./DevServerProcess.js"

export interface Session {
  readonly server: DevServer
  readonly browser: OpenBrowser
  readonly api: Api
  /** A scratch folder for the test's own files (removed at the end). */
  readonly tmp: string
  /** A new page; browser errors fail loudly in the log. */
  readonly page: () => Promise<Page>
  readonly close: () => Promise<void>
}

/** `env`: extra environment of the `devserver start` process (a model server's base URL, say). */
export const openSession = async (options: { env?: Record<string, string> } = {}): Promise<Session> => {
  const server = await startDevServer(options)
  const browser = await launch().catch(async (error) => {
    await server.stop()
    throw error
  })
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-webtest-"))
  return {
    server,
    browser,
    api: makeApi(server.url),
    tmp,
    page: async () => {
      const page = await browser.context.newPage()
      page.on("pageerror", (error) => console.error("page error:", error.message))
      return page
    },
    close: async () => {
      await browser.close()
      await server.stop()
      fs.rmSync(tmp, { recursive: true, force: true })
    }
  }
}

/** Whether a process id is alive. */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
