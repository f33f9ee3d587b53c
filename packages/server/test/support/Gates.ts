/** Tasks waiting on a person, made through core as the pipeline leaves them, and a polling wait for Effect tests. */
import * as Decisions from "@devserver/core/decisions/Decisions"
import { Tasks } from "@devserver/core/store/Tasks"
import { Effect } from "effect"

/** Waits until `check` holds, polling (fine in a test's own waits). */
export const eventually = <E, R>(what: string, check: Effect.Effect<boolean, E, R>, seconds = 30) =>
  Effect.gen(function*() {
    const deadline = Date.now() + seconds * 1000
    while (!(yield* check)) {
      if (Date.now() > deadline) return yield* Effect.dieMessage(`timed out waiting for: ${what}`)
      yield* Effect.sleep("50 millis")
    }
  })

/** The existing task `key` blocked on a decision about `action` (which the classifier must refuse); answers its id. */
export const blockOnDecision = (key: string, action: string) =>
  Effect.gen(function*() {
    const tasks = yield* Tasks
    const task = yield* tasks.transition(key, "queued")
    const asked = yield* Effect.flatMap(Decisions.Decisions, (d) => d.ask(task.id, null, action))
    yield* tasks.transition(key, "blocked", { reason: Decisions.DECISION_PENDING })
    return asked.decisionId
  })
