/**
 * The browser tests run the real `devserver` binary serving the real web build: build both first
 * (incrementally). DEVSERVER_START_CMD (another start command) skips the CLI build.
 */
import { execFileSync } from "node:child_process"
import * as path from "node:path"

export default function setup() {
  const root = path.resolve(import.meta.dirname, "../../../..")
  const node = (...args: Array<string>) => execFileSync(process.execPath, args, { cwd: root, stdio: "inherit" })
  if (process.env.DEVSERVER_START_CMD === undefined) node(path.join(root, "node_modules/typescript/bin/tsc"), "-b", "packages/cli", "packages/server")
  node(path.join(root, "node_modules/vite/bin/vite.js"), "build", "packages/web", "--logLevel", "warn")
}
