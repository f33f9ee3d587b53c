import { Args, Command } from "@effect/cli"
import { Queue } from "@devserver/core/queue/Queue"
import * as QueueLive from "@devserver/core/queue/QueueLive"
import { Console, Effect } from "effect"

export const enqueue = Command.make("enqueue", { key: Args.text({ name: "key" }) }, ({ key }) =>
  Effect.gen(function*() {
    const task = yield* Effect.flatMap(Queue, (queue) => queue.enqueue(key))
    yield* Console.log(`queued ${task.key}`)
  })).pipe(Command.withDescription("Put a task in the queue."), Command.provide(QueueLive.layer))
