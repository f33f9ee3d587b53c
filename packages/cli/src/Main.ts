/** The CLI program: route the command line, run the command, map a failure to one line and an exit code. */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Console, Effect, Exit } from "effect"
import { devserver, run } from "./Cli.js"
import * as Environment from "./Environment.js"
import * as ExitCodes from "./ExitCodes.js"
import { route } from "./Route.js"

const dispatch = Effect.suspend(() => {
  const where = route(devserver.descriptor, "devserver", process.argv.slice(2))
  switch (where._tag) {
    case "Help":
      return Console.log(where.text).pipe(Effect.as(0))
    case "Unknown":
      return Console.error(`error: ${where.message}`).pipe(Effect.as(ExitCodes.USAGE))
    case "Run":
      return Environment.check.pipe(
        Effect.zipRight(run(process.argv).pipe(ExitCodes.oneLineErrors)),
        Effect.exit,
        Effect.flatMap((exit) => (Exit.isSuccess(exit) ? Effect.succeed(0) : ExitCodes.report(exit.cause)))
      )
  }
})

NodeRuntime.runMain(dispatch.pipe(Effect.provide(NodeContext.layer)), {
  disableErrorReporting: true,
  teardown: (exit, onExit) =>
    onExit(Exit.isSuccess(exit) ? Number(exit.value) : Cause.isInterruptedOnly(exit.cause) ? 130 : 1)
})
