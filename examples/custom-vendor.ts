/**
 * A custom vendor: an agent backend written in your own code, registered without touching DevServer.
 *
 *   npx tsx examples/custom-vendor.ts "Support dark mode"
 *
 * The `changelog` vendor below needs no CLI and no model: it adds the task's title to CHANGELOG.md in
 * the task's folder. A real one would call your model or tool the same way. The script registers it,
 * runs one task with it through the whole pipeline (worktree, commit, patch export) on a worker in
 * this process, and prints the commit. Uses DEVSERVER_DATA_DIR (or DATABASE_URL) like `devserver start`.
 * The CLI does not know this vendor (`devserver task add --vendor changelog` is refused): tasks for it
 * are created by the process that registers it, or by any process while such a worker runs.
 */
import { AgentBackend, DevServer, EventStream, Queue, Tasks, Worker, WorkerServices } from "@devserver/core"
import { Console, Effect, Layer, Stream } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"

/** The backend: the port is one `run` that always ends in a result (a failure is a result too). */
const changelog: AgentBackend.AgentBackend = {
  vendor: "changelog",
  run: (request) =>
    Effect.gen(function*() {
      const startedAt = new Date()
      // The prompt's first line is `Task KEY: title`.
      const title = /^Task \S+: (.*)$/m.exec(request.prompt)?.[1] ?? request.taskKey
      const file = path.join(request.cwd, "CHANGELOG.md")
      const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Changelog\n\n"
      fs.writeFileSync(file, `${before}- ${title}\n`)
      fs.mkdirSync(path.dirname(request.logFile), { recursive: true })
      fs.appendFileSync(request.logFile, `changelog: added "${title}"\n`)
      yield* request.onEvent({ type: "agent_message", text: `Added "${title}" to CHANGELOG.md` })
      return {
        finalText: `CHANGELOG.md: - ${title}`,
        sessionId: null,
        turns: 1,
        costUsd: 0,
        tokensIn: null,
        tokensOut: null,
        exitCode: 0,
        errorClass: null,
        errorSubtype: null,
        errorExcerpt: null,
        rateLimited: false,
        usageLimit: null,
        startedAt,
        endedAt: new Date()
      }
    })
}

const title = process.argv[2] ?? "Support dark mode"
const humanStates = new Set(["review", "done", "failed", "blocked", "cancelled"])

const program = Effect.gen(function*() {
  yield* Worker.make({ workerId: `custom-vendor-${process.pid}` })
  const tasks = yield* Tasks.Tasks
  // No repo: the task works in a scratch git repository; `patch` delivers its commits as patch files.
  const task = yield* tasks.create({ title, vendor: changelog.vendor, gitFlow: "patch" })
  yield* (yield* Queue.Queue).enqueue(task.key)
  yield* Console.log(`queued ${task.key} for vendor ${changelog.vendor}`)
  yield* (yield* EventStream.EventStream).subscribe({ taskId: task.id }).pipe(
    Stream.tap((e) => {
      const p = e.payload
      if (p.type === "committed") return Console.log(`committed ${p.commit.slice(0, 12)} (${p.files} file${p.files === 1 ? "" : "s"})`)
      if (p.type === "agent_message") return Console.log(`agent: ${p.text}`)
      return p.type === "status_changed" ? Console.log(`→ ${p.to}`) : Effect.void
    }),
    Stream.takeUntil((e) => e.payload.type === "status_changed" && humanStates.has(e.payload.to)),
    Stream.runDrain
  )
  const end = yield* tasks.get(task.key)
  yield* Console.log(`${task.key} ended ${end.status}`)
  return end.status
})

const layer = Layer.mergeAll(WorkerServices.layer, EventStream.layer).pipe(
  // The registration: the worker's agent backends now include `changelog`.
  Layer.provide(AgentBackend.register(changelog)),
  Layer.provideMerge(DevServer.layer)
)

Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(layer))).then(
  (status) => process.exit(status === "review" ? 0 : 1),
  (error) => {
    console.error(error)
    process.exit(2)
  }
)
