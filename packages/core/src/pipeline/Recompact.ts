/**
 * Compaction inside a running attempt loop: when a failure brings the task's failed runs to the
 * `compactAfterFailures` setting during this claim, the system LLM condenses them (`context_compacted`)
 * and the loop gets the rendered five sections for the next fresh attempt. Once per claim; not when the
 * count was already reached at the start (Grounding compacted then). A compaction that fails is logged
 * and the loop goes on with the raw evidence.
 */
import { Effect } from "effect"
import { type Compaction, render } from "../context/Compaction.js"
import type { Run } from "../domain/Run.js"
import type { Task } from "../domain/Task.js"
import type { Runs } from "../store/Runs.js"
import type { Settings } from "../store/Settings.js"
import type { StepError } from "./RunTaskError.js"

export interface RecompactServices {
  readonly runs: typeof Runs.Service
  readonly compaction: typeof Compaction.Service
  readonly settings: typeof Settings.Service
}

const failed = (runs: ReadonlyArray<Run>) => runs.filter((r) => r.status === "failed").length

/** For one claim: `due` answers the condensed block when this failure crossed the setting, else null. */
export const make = (s: RecompactServices, task: Task, previous: ReadonlyArray<Run>) =>
  Effect.gen(function*() {
    const after = yield* s.settings.get("compactAfterFailures")
    const atStart = failed(previous)
    let done = false
    const due: Effect.Effect<string | null, StepError> = Effect.gen(function*() {
      if (done || atStart >= after || failed(yield* s.runs.forTask(task.id)) < after) return null
      done = true
      const c = yield* s.compaction.compact(task.key).pipe(
        Effect.catchAll((e) => Effect.as(Effect.logWarning(`compaction of ${task.key}: ${e.message}`), null))
      )
      return c === null ? null : render(c)
    })
    return { due }
  })
