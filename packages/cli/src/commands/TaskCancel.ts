import { Args, Command } from "@effect/cli"
import { Queue } from "@devserver/core/queue/Queue"
import * as QueueLive from "@devserver/core/queue/QueueLive"
import { Console, Effect } from "effect"
import * as os from "node:os"

export const cancel = Command.make("cancel", { key: Args.text({ name: "key" }) }, ({ key }) =>
  Effect.gen(function*() {
    const task = yield* Effect.flatMap(Queue, (queue) => queue.cancel(key, `cli:${os.userInfo().username}`))
    yield* Console.log(`cancelled ${task.key}`)
  })).pipe(Command.withDescription("Cancel a task; a running one is stopped within seconds."), Command.provide(QueueLive.layer))
