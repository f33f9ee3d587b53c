import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Gemini from "../../src/agents/Gemini.js"
import { agentEnv } from "../../src/agents/Runner.js"
import { cliPath } from "../support/AgentClis.js"
import * as GeminiApi from "../support/models/Gemini.js"
import * as TempDir from "../support/TempDir.js"
import { scenarios } from "./scenarios.js"

const bin = cliPath("gemini")

scenarios({ vendor: "google", bin, mock: (f) => f.google })

/** Runs the CLI as launched for `prompt`; the reader's event loop is busy for `busyMs` after the first output. */
const runWithBusyReader = (mockUrl: string, dir: string, prompt: string, busyMs: number) => {
  const request = {
    taskKey: "BUSY-1", prompt, cwd: path.join(dir, "work"), model: null, maxTurns: null, resumeSessionId: null, billingMode: "api" as const,
    timeoutMs: 60_000, configHome: path.join(dir, "home"), logFile: path.join(dir, "run.log"), onEvent: () => Effect.void
  }
  const launch = Gemini.make({ bin: bin!, apiKey: Redacted.make("busy-key"), baseUrl: mockUrl, defaultModel: null, maxRetries: 0, extraConfig: [] }).launch(request)
  for (const [rel, content] of Object.entries(launch.files)) {
    fs.mkdirSync(path.dirname(path.join(request.configHome, rel)), { recursive: true })
    fs.writeFileSync(path.join(request.configHome, rel), content)
  }
  fs.mkdirSync(path.join(request.configHome, "tmp"), { recursive: true })
  fs.mkdirSync(request.cwd, { recursive: true })
  const env = agentEnv({ path: process.env.PATH ?? "/usr/bin:/bin", locale: "C.UTF-8", stallMs: 60_000, repeatLimit: 5, loginHome: null }, request, launch.env)
  return new Promise<{ stdout: string; code: number | null }>((resolve) => {
    const child = spawn(launch.file, [...launch.args], { cwd: request.cwd, env, stdio: ["pipe", "pipe", "ignore"] })
    child.stdin.end(launch.stdin)
    const chunks: Array<Buffer> = []
    let busy = false
    child.stdout.on("data", (chunk: Buffer) => {
      chunks.push(chunk)
      if (busy) return
      busy = true
      // What a worker busy with other tasks does to the reader: nothing is read meanwhile (the model
      // server, in this process too, keeps answering).
      child.stdout.pause()
      setTimeout(() => child.stdout.resume(), busyMs)
    })
    child.on("close", (code) => resolve({ stdout: Buffer.concat(chunks).toString("utf8"), code }))
  })
}

describe.skipIf(bin === null)("google on the real CLI, read by a busy worker", () => {
  it.scoped("a 1 MB prompt echoed back while the reader is busy: the output arrives whole, result line included", () =>
    Effect.gen(function*() {
      const mock = yield* GeminiApi.make([{ text: "read it all" }])
      const dir = yield* Effect.acquireRelease(Effect.sync(() => TempDir.make("devserver-gemini-busy-")), (d) => Effect.sync(() => fs.rmSync(d, { recursive: true, force: true })))
      const prompt = `start ${"a line of a very long task description\n".repeat(26_000)} end`
      const output = yield* Effect.promise(() => runWithBusyReader(mock.url, dir, prompt, 4000))
      const lines = output.stdout.split("\n").filter((l) => l.trim() !== "")
      assert.strictEqual(output.code, 0)
      assert.isTrue(mock.requests.some((r) => r.raw.includes(" end")), "the model got the whole prompt")
      assert.include(lines.find((l) => l.includes("\"role\":\"user\"")) ?? "", " end\"", `the echo is whole (${output.stdout.length} bytes read)`)
      assert.deepInclude(JSON.parse(lines.at(-1) ?? "null"), { type: "result", status: "success" })
    }), 120_000)
})
