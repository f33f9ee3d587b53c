/** The CLI tests run the real `devserver` binary, so bundle it first (esbuild, from the sources: about a second). */
import { execFileSync } from "node:child_process"
import * as path from "node:path"

export default function setup() {
  const cli = path.resolve(import.meta.dirname, "../..")
  execFileSync(process.execPath, [path.join(cli, "build.mjs")], { cwd: cli, stdio: "inherit" })
}
