/** Shared pieces of the attempt-loop tests: a repo test a run can fail or pass, and a wait for the worker. */
import { Effect } from "effect"
import type { Task } from "../../src/domain/Task.js"
import { Queue } from "../../src/queue/Queue.js"
import { Tasks } from "../../src/store/Tasks.js"

/** The repo's test command: answer.txt must say 42; a failure prints what vitest prints. */
export const answerTest = [
  `v=$(cat answer.txt 2>/dev/null)`,
  `if [ "$v" = 42 ]; then echo " ✓ answer.test.ts (1 test)"; exit 0; fi`,
  `printf ' FAIL  answer.test.ts > the answer\\nAssertionError: expected %s to be 42\\n\\n Test Files  1 failed (1)\\n      Tests  1 failed (1)\\n' "$v"`,
  `exit 1`
].join("; ")

/** Enqueues the task for the real worker and waits until it has left the queue and the worker. */
export const runToEnd = (task: Task) =>
  Effect.flatMap(Effect.flatMap(Queue, (q) => q.enqueue(task.key)), () => untilSettled(task.key))

/** Waits until a task queued by someone else (an approval, a resolved decision) has left the queue and the worker. */
export const untilSettled = (key: string) =>
  Effect.gen(function*() {
    const tasks = yield* Tasks
    const deadline = Date.now() + 150_000
    for (;;) {
      const current = yield* tasks.get(key)
      if (!["queued", "running", "verifying"].includes(current.status)) return current
      if (Date.now() > deadline) return yield* Effect.dieMessage(`task ${key} still ${current.status}`)
      yield* Effect.sleep("100 millis")
    }
  })
