/**
 * `devserver start` as a user runs it: its own data folder (embedded PostgreSQL, worker, server) on a
 * free loopback port. `restart` stops the process and starts it again on the same folder and port;
 * `stop` ends it and removes the folder.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "../../../..")
export const cliBin = path.join(root, "packages/cli/dist/bin.js")

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

const healthy = async (url: string) => {
  try {
    return (await fetch(`${url}healthz`)).ok
  } catch {
    return false
  }
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())))

/** A postmaster left behind by a killed process (it outlives its parent) is stopped before the folder goes. */
const stopOrphanPostgres = async (dataDir: string) => {
  const pidFile = fs.readdirSync(dataDir, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith("postmaster.pid"))
  if (pidFile === undefined) return
  const pid = Number(fs.readFileSync(path.join(dataDir, pidFile), "utf8").split("\n")[0])
  const alive = () => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive()) return
  process.kill(pid, "SIGTERM")
  for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100))
}

export interface DevServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string
  readonly port: number
  readonly dataDir: string
  /** Everything the process printed so far (for failure messages). */
  readonly output: () => string
  /** The PostgreSQL URL of the embedded database (from its data folder). */
  readonly databaseUrl: () => string
  /** Stops the process (`SIGTERM`, or `SIGKILL` when `hard`) and starts it again on the same folder and port. */
  readonly restart: (options?: { hard?: boolean }) => Promise<void>
  readonly stop: () => Promise<void>
}

export const startDevServer = async (options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<DevServer> => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-web-"))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/`
  let log = ""
  let child: ChildProcess | undefined
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: dataDir,
    DEVSERVER_DATA_DIR: dataDir,
    DEVSERVER_HOST: "127.0.0.1",
    DEVSERVER_PORT: String(port),
    ...options.env
  }
  const launch = async () => {
    // DEVSERVER_START_CMD runs another all-in-one command line (a development build, say).
    const [file, ...args] = process.env.DEVSERVER_START_CMD?.split(" ") ?? [process.execPath, cliBin, "start"]
    const proc = spawn(file!, args, { env: { ...env, NODE_OPTIONS: process.env.NODE_OPTIONS ?? "" }, stdio: ["ignore", "pipe", "pipe"], cwd: root })
    child = proc
    proc.stdout?.on("data", (chunk) => (log += String(chunk)))
    proc.stderr?.on("data", (chunk) => (log += String(chunk)))
    const deadline = Date.now() + (options.timeoutMs ?? 180_000)
    while (!(await healthy(url))) {
      if (proc.exitCode !== null) throw new Error(`devserver start exited with ${proc.exitCode}:\n${log}`)
      if (Date.now() > deadline) throw new Error(`devserver start did not answer on ${url}:\n${log}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const halt = async (signal: NodeJS.Signals) => {
    const proc = child
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return
    proc.kill(signal)
    const timer = setTimeout(() => proc.kill("SIGKILL"), 20_000)
    await exited(proc)
    clearTimeout(timer)
  }
  const databaseUrl = () => {
    const find = (dir: string): string | undefined => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        if (entry.isFile() && entry.name === "postgres.password") return full
        if (entry.isDirectory() && entry.name !== "pg_wal" && entry.name !== "base") {
          const found = find(full)
          if (found) return found
        }
      }
      return undefined
    }
    const passwordFile = find(dataDir)
    if (passwordFile === undefined) throw new Error("no embedded database in the data folder")
    const pidFile = fs.readdirSync(path.dirname(passwordFile), { recursive: true, encoding: "utf8" }).find((f) => f.endsWith("postmaster.pid"))
    if (pidFile === undefined) throw new Error("the embedded database is not running")
    const pgPort = fs.readFileSync(path.join(path.dirname(passwordFile), pidFile), "utf8").split("\n")[3]?.trim()
    const password = fs.readFileSync(passwordFile, "utf8").trim()
    return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/devserver`
  }
  try {
    await launch()
  } catch (error) {
    await halt("SIGKILL")
    await stopOrphanPostgres(dataDir)
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  return {
    url,
    port,
    dataDir,
    output: () => log,
    databaseUrl,
    restart: async (o = {}) => {
      await halt(o.hard ? "SIGKILL" : "SIGTERM")
      await launch()
    },
    stop: async () => {
      await halt("SIGTERM")
      await stopOrphanPostgres(dataDir)
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
