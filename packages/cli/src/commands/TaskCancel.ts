import { Command } from "@effect/cli"
import { Console, Effect } from "effect"
import { Backend } from "../backend/Backend.js"
import * as Flags from "../Flags.js"

export const cancel = Command.make("cancel", { key: Flags.taskKey }, ({ key }) =>
  Effect.gen(function*() {
    const task = yield* (yield* Backend).cancel(key)
    yield* Console.log(`cancelled ${task.key}`)
  })).pipe(Command.withDescription("Cancel a task; a running one is stopped within seconds."))
