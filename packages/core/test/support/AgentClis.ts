/**
 * The real agent CLIs, installed by `tools/agent-clis/install.sh` outside the default install.
 * In CI (`CI=true`) a missing CLI fails the suite loudly; locally the real-CLI tests are skipped with
 * a message saying how to install them.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const binDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../tools/agent-clis/node_modules/.bin")

export type CliName = "claude" | "codex" | "gemini"

/** The CLI's path, or null when it is not installed (outside CI). */
export const cliPath = (name: CliName): string | null => {
  const bin = path.join(binDir, name)
  if (fs.existsSync(bin)) return bin
  const message = `${name} is not installed: run tools/agent-clis/install.sh (looked in ${binDir})`
  if (process.env.CI === "true") throw new Error(message)
  console.warn(`skipping the real-CLI tests of ${name}: ${message}`)
  return null
}
