import { Command } from "@effect/cli"
import { Console, Effect, Layer } from "effect"
import * as os from "node:os"
import * as Flags from "../Flags.js"
import { load } from "../Lazy.js"

const queue = load(() => import("@devserver/core/queue/QueueLive"))

export const cancel = Command.make("cancel", { key: Flags.taskKey }, ({ key }) =>
  Effect.gen(function*() {
    const { Queue } = yield* load(() => import("@devserver/core/queue/Queue"))
    const task = yield* Effect.flatMap(Queue, (q) => q.cancel(key, `cli:${os.userInfo().username}`))
    yield* Console.log(`cancelled ${task.key}`)
  })).pipe(
  Command.withDescription("Cancel a task; a running one is stopped within seconds."),
  Command.provide(Layer.unwrapEffect(Effect.map(queue, (m) => m.layer)))
)
