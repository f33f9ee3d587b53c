/** Option builders shared by the commands. */
import { Options } from "@effect/cli"

export const json = Options.boolean("json").pipe(Options.withDescription("Print JSON."))

export const optionalText = (name: string, description: string) =>
  Options.text(name).pipe(Options.optional, Options.withDescription(description))

export const optionalInt = (name: string, description: string) =>
  Options.integer(name).pipe(Options.optional, Options.withDescription(description))
