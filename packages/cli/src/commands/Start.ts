import { Command } from "@effect/cli"
import * as DataDir from "@devserver/core/store/DataDir"
import * as Tasks from "@devserver/core/store/Tasks"
import { Console, Effect } from "effect"
import { appLayer } from "../Config.js"

/** Starts everything that exists so far: the database (embedded by default), migrated, until Ctrl-C. */
export const start = Command.make("start", {}, () =>
  Effect.gen(function*() {
    const dataDir = yield* DataDir.DataDir
    const tasks = yield* Effect.flatMap(Tasks.Tasks, (t) => t.list({ limit: 1000 }))
    yield* Console.log(`DevServer is up. Data folder: ${dataDir.path}. Tasks: ${tasks.length}. Press Ctrl-C to stop.`)
    return yield* Effect.never
  })).pipe(Command.withDescription("Run DevServer (database, migrations; worker and server as they land)."), Command.provide(appLayer))
