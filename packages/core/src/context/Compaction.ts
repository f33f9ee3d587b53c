/**
 * Compaction: the system LLM condenses a task's earlier runs (error classes, failure excerpts,
 * verification results, the agent's last words) into five sections: what was tried, files touched,
 * dead ends, next steps, open questions. The next fresh attempt gets that instead of the raw evidence.
 * It runs automatically after `compactAfterFailures` failed attempts, or on demand; `clear` drops it
 * when the task is reset. An answer that does not fit is `BadOutput` and nothing is stored.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import type { NotFound, StoreError } from "../domain/Errors.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Llm, type LlmError } from "../llm/Llm.js"
import { Events } from "../store/Events.js"
import { Runs } from "../store/Runs.js"
import { Tasks } from "../store/Tasks.js"

const Items = Schema.Array(Schema.String.pipe(Schema.maxLength(2000))).pipe(Schema.maxItems(30))

export const Compacted = Schema.Struct({
  tried: Items,
  filesTouched: Items,
  deadEnds: Items,
  nextSteps: Items,
  openQuestions: Items
})
export type Compacted = typeof Compacted.Type

const SYSTEM = `You condense the history of failed attempts of a coding agent at one task, for the next attempt.
Answer with one JSON object and nothing else, each value a list of short sentences:
{"tried": [...], "filesTouched": ["path", ...], "deadEnds": ["what did not work and why"], "nextSteps": [...], "openQuestions": [...]}`

/** The prompt section the next fresh attempt gets. */
export const render = (c: Compacted): string =>
  ([["Tried", c.tried], ["Files touched", c.filesTouched], ["Dead ends", c.deadEnds], ["Next steps", c.nextSteps], ["Open questions", c.openQuestions]] as const)
    .map(([title, items]) => `### ${title}\n${items.length === 0 ? "- (none)" : items.map((i) => `- ${i}`).join("\n")}`)
    .join("\n\n")

export interface CompactionService {
  /** Condenses the task's runs so far and stores the result (with a `context_compacted` event). */
  readonly compact: (key: string) => Effect.Effect<Compacted, LlmError | NotFound | StoreError>
  /** The stored compaction of a task, or null. */
  readonly current: (taskId: number) => Effect.Effect<Compacted | null, StoreError>
  /** Drops a task's compaction (the task was reset). */
  readonly clear: (taskId: number) => Effect.Effect<void, StoreError>
}

export class Compaction extends Context.Tag("@devserver/core/context/Compaction")<Compaction, CompactionService>() {}

const decodeStored = Schema.decodeUnknownSync(Schema.parseJson(Compacted))

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const llm = yield* Llm
  const tasks = yield* Tasks
  const runs = yield* Runs
  const events = yield* Events

  const evidence = (taskId: number) =>
    Effect.gen(function*() {
      const history = yield* runs.forTask(taskId)
      const said = (yield* events.list({ taskId, limit: 5000 })).flatMap((e) => (e.payload.type === "agent_message" ? [e.payload.text] : [])).slice(-5)
      return [
        ...history.map((r) =>
          `Attempt ${r.attempt} (${r.vendor}): ${r.status}${r.errorClass === null ? "" : `, ${r.errorClass}`}${
            r.verification.length === 0 ? "" : `; verification ${r.verification.map((v) => `${v.step} ${v.ok ? "ok" : `failed (exit ${v.exitCode})`}`).join(", ")}`
          }${r.errorExcerpt === null ? "" : `\n${r.errorExcerpt.slice(-1500)}`}`
        ),
        ...(said.length === 0 ? [] : ["The agent's last words:", ...said.map((t) => t.slice(0, 800))])
      ].join("\n\n")
    })

  const compact = (key: string) =>
    Effect.gen(function*() {
      const task = yield* tasks.get(key)
      const { value } = yield* llm.completeJson(Compacted, {
        feature: "compaction",
        system: SYSTEM,
        prompt: `Task ${task.key}: ${task.title}\n${task.description}\n\n${yield* evidence(task.id)}`,
        maxTokens: 4000
      })
      const text = JSON.stringify(value)
      yield* sql.withTransaction(Effect.gen(function*() {
        yield* sql`insert into task_compactions (task_id, body) values (${task.id}, ${text})
          on conflict (task_id) do update set body = excluded.body, created_at = now()`
        yield* events.append({ type: "context_compacted", chars: render(value).length }, { taskId: task.id })
      })).pipe(storeFailure("compaction.store"))
      return value
    })

  return Compaction.of({
    compact,
    current: (taskId) =>
      sql<{ body: string }>`select body from task_compactions where task_id = ${taskId}`.pipe(
        Effect.map(([row]) => (row === undefined ? null : decodeStored(row.body))),
        storeFailure("compaction.current")
      ),
    clear: (taskId) => sql`delete from task_compactions where task_id = ${taskId}`.pipe(Effect.asVoid, storeFailure("compaction.clear"))
  })
})

export const layer = Layer.effect(Compaction, make)
