/**
 * The worker's end of "the agent asks before a side-effecting action": a loopback HTTP endpoint that
 * lives for one attempt, guarded by a random secret that only the agent's hook script holds (it never
 * reaches an event, a log or the agent's environment). The hook posts the tool call the agent is about
 * to make (`{tool_name, tool_input}`) and gets a `HookAnswer`:
 * - an action a person already approved for this task → allow (asked once, never again);
 * - one a person rejected or edited → deny, with their answer as the reason (no new decision);
 * - anything else goes to `Decisions.ask`: allow → allow; block → deny and stop the agent. The attempt
 *   then ends with the decision pending and the pipeline blocks the task (`DECISION_PENDING`, no slot
 *   held) until a person resolves it. After a block every further action of the attempt is denied.
 *
 * Which agents ask: Claude Code (`anthropic`, `glm`) through its PreToolUse hook on Bash, WebFetch and
 * MCP tools (agents/Claude.ts). Gemini CLI (`--yolo`) and Codex (approvals and sandbox bypassed) have
 * no hook in their pinned versions that can wait for an answer here, and `command` is a plain process:
 * they do not ask. What they do stays in the worktree until delivery, whose preflight still applies,
 * but a shell command with outside effects (a publish, a deploy) is not stopped for them.
 */
import { Effect, FiberSet, Redacted, Ref, type Scope } from "effect"
import * as crypto from "node:crypto"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import type { DecisionsService } from "./Decisions.js"

/** Where the hook posts, and the secret it must send in the `x-devserver-hook` header. */
export interface HookEndpoint {
  readonly url: string
  readonly secret: Redacted.Redacted<string>
}

/** The endpoint's answer. `stop`: the agent must end its run (a person has to decide first). */
export interface HookAnswer {
  readonly verdict: "allow" | "deny"
  readonly reason: string
  readonly stop: boolean
}

export interface Raised {
  readonly decisionId: number
  readonly question: string
}

export interface DecisionHook {
  readonly endpoint: HookEndpoint
  /** The decision this attempt raised (the first block), or null. */
  readonly raised: Effect.Effect<Raised | null>
}

/** The action text judged for a tool call: a shell command as is, other tools by name and input. */
export const actionOf = (tool: string, input: unknown): string => {
  const i = (input ?? {}) as Record<string, unknown>
  if (typeof i.command === "string") return i.command
  if (tool === "WebFetch" && typeof i.url === "string") return `fetch ${i.url}`
  return `${tool} ${JSON.stringify(input ?? {})}`
}

const MAX_BODY = 256 * 1024

/** Whether a stored decision question is about `action` (questions are the action, then "(why)"). */
const isAbout = (question: string, action: string) => {
  const text = action.slice(0, 2000)
  return question === text || question.startsWith(`${text}\n(`)
}

export const make = (decisions: DecisionsService, taskId: number, runId: number): Effect.Effect<DecisionHook, never, Scope.Scope> =>
  Effect.gen(function*() {
    const secret = crypto.randomBytes(32).toString("hex")
    const raised = yield* Ref.make<Raised | null>(null)

    const decide = (action: string) =>
      Effect.gen(function*() {
        const first = yield* Ref.get(raised)
        if (first !== null) return { verdict: "deny", reason: "A person must decide on an earlier action of this run first. Stop here.", stop: true } satisfies HookAnswer
        const earlier = (yield* decisions.resolved(taskId)).filter((d) => isAbout(d.question, action)).at(-1)
        if (earlier?.status === "approved") return { verdict: "allow", reason: "approved by a person", stop: false } satisfies HookAnswer
        if (earlier !== undefined) {
          const said = earlier.resolution ?? earlier.status
          return { verdict: "deny", reason: `A person ${earlier.status} this action: ${said}. Do not try it again another way.`, stop: false } satisfies HookAnswer
        }
        const verdict = yield* decisions.ask(taskId, runId, action)
        if (verdict.verdict === "allow") return { verdict: "allow", reason: "allowed", stop: false } satisfies HookAnswer
        yield* Ref.set(raised, { decisionId: verdict.decisionId, question: action.slice(0, 2000) })
        return {
          verdict: "deny",
          reason: `Not run: this action ${verdict.why ?? "has side effects"}, so a person must decide first (decision ${verdict.decisionId}). Stop now; the task continues after their answer.`,
          stop: true
        } satisfies HookAnswer
      })

    const run = yield* FiberSet.makeRuntimePromise<never>()
    const answer = (res: http.ServerResponse, status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body))
    const authorized = (header: string | Array<string> | undefined) =>
      typeof header === "string" && header.length === secret.length && crypto.timingSafeEqual(Buffer.from(header), Buffer.from(secret))

    const server = http.createServer((req, res) => {
      if (req.method !== "POST" || !authorized(req.headers["x-devserver-hook"])) return void answer(res, 403, { error: "forbidden" })
      const chunks: Array<Buffer> = []
      let size = 0
      req.on("data", (c: Buffer) => {
        size += c.length
        if (size <= MAX_BODY) chunks.push(c)
      })
      req.on("end", () => {
        let call: { tool_name?: unknown; tool_input?: unknown }
        try {
          call = JSON.parse(Buffer.concat(chunks).toString("utf8"))
        } catch {
          return void answer(res, 400, { error: "the body is not JSON" })
        }
        if (size > MAX_BODY || typeof call?.tool_name !== "string") return void answer(res, 400, { error: "expected {tool_name, tool_input}" })
        run(decide(actionOf(call.tool_name, call.tool_input))).then(
          (a) => answer(res, 200, a),
          (e) => answer(res, 500, { error: `the decision could not be recorded: ${String(e)}`.slice(0, 300) })
        )
      })
    })
    const port = yield* Effect.acquireRelease(
      Effect.async<number>((resume) => void server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as AddressInfo).port)))),
      () => Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
    )
    return { endpoint: { url: `http://127.0.0.1:${port}/decide`, secret: Redacted.make(secret) }, raised: Ref.get(raised) }
  })
