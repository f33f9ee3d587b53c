/** The CLI tests run the real `devserver` binary, so build it (incrementally) first. */
import { execFileSync } from "node:child_process"
import * as path from "node:path"

export default function setup() {
  const root = path.resolve(import.meta.dirname, "../../../..")
  execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-b", "packages/cli"], { cwd: root, stdio: "inherit" })
}
