/** The CLI program: route the command line, run the command, map a failure to one line and an exit code. */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Console, Effect, Exit, Layer, Logger, LogLevel } from "effect"
import { devserver, run } from "./Cli.js"
import * as Environment from "./Environment.js"
import * as ExitCodes from "./ExitCodes.js"
import * as Mode from "./Mode.js"
import { route } from "./Route.js"

const dispatch = Effect.suspend(() => {
  const extracted = Mode.extract(process.argv.slice(2), process.env)
  const where = route(devserver.descriptor, "devserver", extracted.args)
  switch (where._tag) {
    case "Help":
      return Console.log(where.text).pipe(Effect.as(0))
    case "Unknown":
      return Console.error(`error: ${where.message}`).pipe(Effect.as(ExitCodes.USAGE))
    case "Run":
      return Effect.gen(function*() {
        const mode = yield* Mode.resolve(extracted, process.env)
        if (mode._tag === "Remote") yield* Mode.allowRemote(where.path)
        else yield* Environment.check
        yield* run([...process.argv.slice(0, 2), ...extracted.args]).pipe(ExitCodes.oneLineErrors, Effect.provideService(Mode.Mode, mode))
      }).pipe(
        Effect.exit,
        Effect.flatMap((exit) => (Exit.isSuccess(exit) ? Effect.succeed(0) : ExitCodes.report(exit.cause)))
      )
  }
})

/**
 * The terminal shows warnings and errors only: what a command has to say it prints itself (the worker's
 * claimed/finished lines, `start`'s URL and worker id, once). Info entries still reach the log files
 * of the data folder, which `start` and `worker` add as a second logger.
 */
const terminalLogger = Logger.replace(
  Logger.defaultLogger,
  Logger.filterLogLevel(Logger.prettyLoggerDefault, LogLevel.greaterThanEqual(LogLevel.Warning))
)

NodeRuntime.runMain(dispatch.pipe(Effect.provide(Layer.merge(NodeContext.layer, terminalLogger))), {
  disableErrorReporting: true,
  disablePrettyLogger: true,
  teardown: (exit, onExit) =>
    onExit(Exit.isSuccess(exit) ? Number(exit.value) : Cause.isInterruptedOnly(exit.cause) ? 130 : 1)
})
