#!/usr/bin/env node
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Effect, Exit } from "effect"
import { run } from "./Cli.js"
import * as ExitCodes from "./ExitCodes.js"

const program = run(process.argv).pipe(
  ExitCodes.oneLineErrors,
  Effect.exit,
  Effect.flatMap((exit) => (Exit.isSuccess(exit) ? Effect.succeed(0) : ExitCodes.report(exit.cause))),
  Effect.provide(NodeContext.layer)
)

NodeRuntime.runMain(program, {
  disableErrorReporting: true,
  teardown: (exit, onExit) =>
    onExit(Exit.isSuccess(exit) ? Number(exit.value) : Cause.isInterruptedOnly(exit.cause) ? 130 : 1)
})
