/**
 * `devserver start` with its own embedded PostgreSQL, stopped by SIGTERM (a service manager, `kill`):
 * it says it stopped, and the database server goes with it unless another DevServer still uses it.
 */
import { execa } from "execa"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as TempDir from "../../core/test/support/TempDir.js"

const bin = path.resolve(import.meta.dirname, "../dist/bin.js")

/** Pids of postgres processes serving `pgDir`, from their command lines. */
const postgresOf = (pgDir: string): Array<number> =>
  fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")
      return path.basename(cmdline[0] ?? "") === "postgres" && cmdline.includes(pgDir)
    } catch {
      return false
    }
  })

const spawn = (env: Record<string, string>) =>
  execa(process.execPath, [bin, "start"], { env, extendEnv: false, all: true, reject: false, stdin: "ignore" })

interface Started {
  readonly child: ReturnType<typeof spawn>
  readonly url: string
  readonly output: () => string
}

/** Runs `devserver start` until it prints its URL. */
const start = async (dataDir: string): Promise<Started> => {
  // No DATABASE_URL: the embedded server of the data folder. Port 0: any free port.
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: dataDir, DEVSERVER_DATA_DIR: dataDir, DEVSERVER_PORT: "0" }
  const child = spawn(env)
  let output = ""
  const url = await new Promise<string>((resolve, reject) => {
    child.all.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8")
      const found = /running at (http:\/\/\S+)/.exec(output)
      if (found) resolve(found[1]!)
    })
    void child.then(() => reject(new Error(`devserver start ended before it was ready:\n${output}`)))
  })
  return { child, url, output: () => output }
}

/** Whether the server answers a query that needs the database. */
const answers = (url: string) => fetch(`${url}trpc/tasks.list?input=%7B%7D`).then((r) => r.status === 200, () => false)

describe("devserver start, stopped by SIGTERM", () => {
  let dataDir = ""
  beforeAll(() => {
    dataDir = TempDir.make("devserver-start-")
  })
  afterAll(() => {
    for (const pid of postgresOf(path.join(dataDir, "postgres"))) process.kill(pid, "SIGQUIT")
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it("says it stopped and stops its PostgreSQL, but not while another DevServer on the same data folder still uses it", async () => {
    const pgDir = path.join(dataDir, "postgres")
    const first = await start(dataDir)
    expect(postgresOf(pgDir)).not.toEqual([])
    const second = await start(dataDir)
    expect(await answers(second.url)).toBe(true)

    // The second one shares the first one's server: stopping it leaves that server to the first.
    second.child.kill("SIGTERM")
    await second.child
    expect(second.output()).toContain("DevServer stopped.")
    expect(postgresOf(pgDir)).not.toEqual([])
    expect(await answers(first.url)).toBe(true)

    first.child.kill("SIGTERM")
    await first.child
    expect(first.output()).toContain("DevServer stopped.")
    // The last user stops the server before it exits (a fast shutdown, awaited).
    expect(postgresOf(pgDir)).toEqual([])
    expect(fs.readdirSync(path.join(dataDir, "postgres.users"))).toEqual([])
  }, 180_000)
})
