import { execa } from "execa"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { cliFixture } from "./support/CliFixture.js"

const f = cliFixture()
const cli = (args: ReadonlyArray<string>) => f.cli(args)
const bin = path.resolve(import.meta.dirname, "../dist/bin.js")

/** Starts a long-running `devserver` command; returns its growing output and a stop function. */
const background = (args: ReadonlyArray<string>) => {
  const child = execa(process.execPath, [bin, ...args], { env: f.env(), reject: false, stdin: "ignore", buffer: false })
  const output: Array<string> = []
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()))
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()))
  let code: number | undefined
  void child.then((r) => (code = r.exitCode ?? -1))
  return {
    text: () => output.join(""),
    ended: () => code !== undefined,
    exitCode: () => code,
    stop: async () => (child.kill("SIGINT"), await child)
  }
}

const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe("queue commands", () => {
  it("task enqueue and cancel change the status; refusals exit 3 and 4", async () => {
    expect((await cli(["task", "add", "Queue me", "--key", "Q-1"])).exitCode).toBe(0)
    const queued = await cli(["task", "enqueue", "Q-1"])
    expect(queued).toMatchObject({ exitCode: 0, stdout: "queued Q-1; follow it with: devserver task logs Q-1 --follow" })
    const cancelled = await cli(["task", "cancel", "Q-1"])
    expect(cancelled).toMatchObject({ exitCode: 0, stdout: "cancelled Q-1" })
    const again = await cli(["task", "cancel", "Q-1"])
    expect(again.exitCode).toBe(4)
    expect(again.stderr).toBe("error: task Q-1 cannot move from cancelled to cancelled")
    expect((await cli(["task", "enqueue", "NOPE-1"])).exitCode).toBe(3)
  })

  it("devserver worker runs an enqueued task while task logs --follow shows it live", async () => {
    // The `command` vendor runs the description as a shell command in a scratch folder: no LLM needed.
    const add = await cli(["task", "add", "Run me", "--key", "Q-2", "--vendor", "command", "--flow", "untracked", "--description", "echo built > out.txt && cat out.txt"])
    expect(add.exitCode).toBe(0)
    const worker = background(["worker", "--id", "cli-worker"])
    const follow = background(["task", "logs", "Q-2", "--follow"])
    try {
      await until("the worker to start", () => worker.text().includes("worker cli-worker running"))
      await until("the follower to print history", () => follow.text().includes("to=pending"))
      expect((await cli(["task", "enqueue", "Q-2"])).exitCode).toBe(0)
      await until("the task to reach review", async () => (await cli(["task", "show", "Q-2"])).stdout.includes("review"))
      await until("the follower to see it live", () => follow.text().includes("from=running to=review"))
      expect(follow.text()).toMatch(/status_changed from=queued to=running reason=claimed by cli-worker/)
      const logs = await cli(["task", "logs", "Q-2"])
      expect(logs.exitCode).toBe(0)
      const lines = logs.stdout.split("\n").map((l) => l.replace(/^\S+ /, ""))
      expect(lines.slice(0, 5)).toEqual([
        "status_changed from=null to=pending reason=created",
        "status_changed from=pending to=queued",
        "status_changed from=queued to=running reason=claimed by cli-worker",
        "attempt_started attempt=1 vendor=command model=null resume=false",
        "log_line stream=stdout line=built"
      ])
      expect(lines.at(-1)).toMatch(/^status_changed from=running to=review/)
      // --follow ended by itself when the task reached review, with exit 0.
      await until("the follower to end", () => follow.ended())
      expect(follow.exitCode()).toBe(0)
      await until("the worker's progress line", () => /■ Q-2 review after \S+/.test(worker.text()))
      expect(worker.text()).toMatch(/▶ Q-2 claimed/)
      // The worker's id once (its start line), and no library log lines on the terminal.
      expect(worker.text().match(/cli-worker/g)).toEqual(["cli-worker"])
      expect(worker.text()).not.toMatch(/\bINFO\b/)
    } finally {
      await follow.stop()
      await worker.stop()
    }
  })
})
