/** Option and argument builders shared by the commands. */
import { Args, Options } from "@effect/cli"

export const json = Options.boolean("json").pipe(Options.withDescription("Print JSON instead of text."))

export const optionalText = (name: string, description: string) =>
  Options.text(name).pipe(Options.optional, Options.withDescription(description))

export const optionalInt = (name: string, description: string) =>
  Options.integer(name).pipe(Options.optional, Options.withDescription(description))

export const repeatedText = (name: string, description: string) =>
  Options.text(name).pipe(Options.repeated, Options.withDescription(description))

export const text = (name: string, description: string) => Args.text({ name }).pipe(Args.withDescription(description))

export const taskKey = text("key", "The task's key, e.g. API-42.")

export const id = (what: string) => Args.integer({ name: "id" }).pipe(Args.withDescription(`The ${what}'s id (see the list).`))
