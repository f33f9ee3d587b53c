/**
 * CLI start-up benchmark: how long a user waits for `devserver` commands.
 *   npm run build && npx tsx bench/cli.ts [--runs 7]
 * Runs the built binary (packages/cli/dist/bin.js) as a user would and prints, per scenario, the median
 * and min wall time and the median CPU time (user + system, from /usr/bin/time when present), beside
 * `node -e 0` (the floor any Node CLI pays). Wall time depends on the machine's load; CPU time much less.
 * Scenarios: --version, --help, `task list` against a running `devserver start` (sharing its embedded
 * PostgreSQL), and `task list` cold (no DevServer running: the embedded PostgreSQL starts and stops).
 */
import { spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 7
const bin = path.resolve(import.meta.dirname, "../packages/cli/dist/bin.js")
const time = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined

interface Sample {
  readonly wall: number
  readonly cpu: number | undefined
}

const once = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv): Sample => {
  const command = [process.execPath, ...args]
  const started = performance.now()
  const result = time
    ? spawnSync(time, ["-f", "cpu %U %S", ...command], { env, encoding: "utf8" })
    : spawnSync(command[0]!, command.slice(1), { env, encoding: "utf8" })
  const wall = performance.now() - started
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`)
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr ?? "")
  return { wall, cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined }
}

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

const measure = (label: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv) => {
  once(args, env) // warm the file cache
  const samples = Array.from({ length: runs }, () => once(args, env))
  const cpus = samples.flatMap((s) => (s.cpu === undefined ? [] : [s.cpu]))
  const row = [label, median(samples.map((s) => s.wall)), Math.min(...samples.map((s) => s.wall)), cpus.length ? median(cpus) : NaN]
  console.log(`| ${row[0]} | ${(row[1] as number).toFixed(0)} | ${(row[2] as number).toFixed(0)} | ${Number.isNaN(row[3]) ? "-" : (row[3] as number).toFixed(0)} |`)
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-bench-cli-"))
const env = { PATH: process.env.PATH ?? "", HOME: dataDir, DEVSERVER_DATA_DIR: dataDir }
try {
  console.log(`${runs} runs each; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; ${os.cpus().length} cores\n`)
  console.log("| command | median wall ms | min wall ms | median CPU ms |\n|---|---|---|---|")
  measure("node -e 0 (floor)", ["-e", "0"], env)
  measure("devserver --version", [bin, "--version"], env)
  measure("devserver --help", [bin, "--help"], env)
  once([bin, "migrate"], env) // initialise the embedded database once
  measure("devserver task list, cold (embedded PostgreSQL starts)", [bin, "task", "list"], env)
  const server = spawn(process.execPath, [bin, "start"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true })
  await new Promise<void>((resolve, reject) => {
    let out = ""
    server.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()).includes("DevServer is running") && resolve())
    server.once("exit", (code) => reject(new Error(`devserver start exited ${code}`)))
  })
  try {
    measure("devserver task list, DevServer running", [bin, "task", "list"], env)
  } finally {
    process.kill(-server.pid!, "SIGINT")
    await new Promise((resolve) => server.once("exit", resolve))
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true })
}
