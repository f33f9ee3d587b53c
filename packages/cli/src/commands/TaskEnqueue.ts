import { Command } from "@effect/cli"
import { Console, Effect, Layer } from "effect"
import * as Flags from "../Flags.js"
import { load } from "../Lazy.js"

const queue = load(() => import("@devserver/core/queue/QueueLive"))

export const enqueue = Command.make("enqueue", { key: Flags.taskKey }, ({ key }) =>
  Effect.gen(function*() {
    const { Queue } = yield* load(() => import("@devserver/core/queue/Queue"))
    const task = yield* Effect.flatMap(Queue, (q) => q.enqueue(key))
    yield* Console.log(`queued ${task.key}; follow it with: devserver task logs ${task.key} --follow`)
  })).pipe(
  Command.withDescription("Put a task in the queue; a worker picks it up."),
  Command.provide(Layer.unwrapEffect(Effect.map(queue, (m) => m.layer)))
)
