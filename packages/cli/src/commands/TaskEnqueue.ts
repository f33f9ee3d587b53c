import { Command } from "@effect/cli"
import { Console, Effect } from "effect"
import { Backend } from "../backend/Backend.js"
import * as Flags from "../Flags.js"

export const enqueue = Command.make("enqueue", { key: Flags.taskKey }, ({ key }) =>
  Effect.gen(function*() {
    const task = yield* (yield* Backend).enqueue(key)
    yield* Console.log(`queued ${task.key}; follow it with: devserver task logs ${task.key} --follow`)
  })).pipe(Command.withDescription("Put a task in the queue; a worker picks it up."))
