/**
 * Fill Task: one line of text → a full task draft (title, description, acceptance criteria,
 * priority, labels, a suggested turn limit) from the system LLM, validated against `TaskDraft`. An
 * answer that does not fit is `LlmError` (`BadOutput`) and nothing is stored; `save` then creates
 * the task through the store like any other.
 */
import { Context, Effect, Layer, Schema } from "effect"
import type { AlreadyExists, InvalidInput, NotFound, StoreError } from "../domain/Errors.js"
import type { Task } from "../domain/Task.js"
import { Priority } from "../domain/Task.js"
import { Llm, type LlmError } from "../llm/Llm.js"
import { Tasks } from "../store/Tasks.js"

const Label = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}$/))

/** What the model must answer (the JSON keys are the prompt's contract). */
export const TaskDraft = Schema.Struct({
  title: Schema.String.pipe(Schema.trimmed(), Schema.minLength(1), Schema.maxLength(200)),
  description: Schema.String.pipe(Schema.maxLength(20_000)),
  acceptance: Schema.String.pipe(Schema.maxLength(10_000)),
  priority: Priority,
  labels: Schema.Array(Label).pipe(Schema.maxItems(8)),
  maxTurns: Schema.NullOr(Schema.Int.pipe(Schema.between(1, 500)))
})
export type TaskDraft = typeof TaskDraft.Type

const SYSTEM = `You turn a one-line request into a coding task for an autonomous coding agent.
Answer with one JSON object and nothing else:
{"title": "imperative, at most 80 characters", "description": "what to change and why, with the files or areas involved when the request names them",
 "acceptance": "a checklist of observable results, one per line, starting with '- '", "priority": 1-4 (1 critical, 3 normal, 4 low),
 "labels": ["up to 4 short labels without spaces"], "maxTurns": a number of agent turns that should suffice (null if unsure)}`

export interface FillTaskService {
  /** A validated draft for `text` (with the repo's name as context when given). */
  readonly draft: (text: string, repo?: string | null) => Effect.Effect<TaskDraft, LlmError>
  /** Drafts and stores the task (pending, or queued with auto-enqueue). */
  readonly save: (text: string, repo?: string | null) => Effect.Effect<Task, LlmError | InvalidInput | AlreadyExists | NotFound | StoreError>
}

export class FillTask extends Context.Tag("@devserver/core/authoring/FillTask")<FillTask, FillTaskService>() {}

export const make = Effect.gen(function*() {
  const llm = yield* Llm
  const tasks = yield* Tasks
  const draft = (text: string, repo: string | null = null) =>
    Effect.map(
      llm.completeJson(TaskDraft, { feature: "fill_task", system: SYSTEM, prompt: `${repo === null ? "" : `Repository: ${repo}\n`}Request: ${text}` }),
      (r) => r.value
    )
  return FillTask.of({
    draft,
    save: (text, repo = null) =>
      Effect.flatMap(draft(text, repo), (d) => tasks.create({ ...d, labels: [...d.labels], repo }))
  })
})

export const layer = Layer.effect(FillTask, make)
