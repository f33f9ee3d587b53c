import { Command } from "@effect/cli"
import { Console, Effect } from "effect"
import * as Flags from "../Flags.js"

export const backup = Command.make("backup", { file: Flags.text("file", "The archive to write.") }, ({ file }) =>
  Console.log(`not yet: ${file}`)).pipe(Command.withDescription("Write the database and artifacts to one archive."))

export const restore = Command.make("restore", { file: Flags.text("file", "The archive to read.") }, ({ file }) =>
  Effect.as(Console.log(`not yet: ${file}`), undefined)).pipe(Command.withDescription("Restore an archive into an empty install."))
