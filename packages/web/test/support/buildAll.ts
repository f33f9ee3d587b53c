/**
 * The browser tests run the real `devserver` binary serving the real web build: build both first
 * (the CLI's own esbuild bundle, about a second). DEVSERVER_START_CMD (another start command) skips the CLI build. When the CLI does
 * not compile (a shared tree mid-change), an existing build is used, with a warning.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"

export default function setup() {
  const root = path.resolve(import.meta.dirname, "../../../..")
  const node = (...args: Array<string>) => execFileSync(process.execPath, args, { cwd: root, stdio: "inherit" })
  if (process.env.DEVSERVER_START_CMD === undefined) {
    try {
      execFileSync(process.execPath, ["build.mjs"], { cwd: path.join(root, "packages/cli"), stdio: "inherit" })
    } catch (error) {
      if (!fs.existsSync(path.join(root, "packages/cli/dist/bin.js"))) throw error
      console.warn("packages/cli does not compile now; the browser tests use its previous build")
    }
  }
  node(path.join(root, "node_modules/vite/bin/vite.js"), "build", "packages/web", "--logLevel", "warn")
}
