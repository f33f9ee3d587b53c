import { Command } from "@effect/cli"
import { Console } from "effect"
import * as Flags from "../Flags.js"

export const doctor = Command.make("doctor", { json: Flags.json }, () => Console.log("not yet")).pipe(
  Command.withDescription("Check this installation.")
)
