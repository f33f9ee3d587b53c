import { Command, Options, Prompt } from "@effect/cli"
import { Console, Effect, Redacted } from "effect"
import * as fs from "node:fs"
import { appLayer } from "../Config.js"
import { authLayer, authService } from "./Token.js"

const stdin = Options.boolean("stdin").pipe(Options.withDescription("Read the password from standard input (for scripts) instead of asking."))

/** The password, asked twice on a terminal, or the first line of standard input. */
const readPassword = (fromStdin: boolean) =>
  fromStdin || !process.stdin.isTTY
    ? Effect.sync(() => Redacted.make(fs.readFileSync(0, "utf8").split(/\r?\n/)[0] ?? ""))
    : Effect.gen(function*() {
      const first = yield* Prompt.password({ message: "New password" })
      const again = yield* Prompt.password({ message: "Again" })
      if (Redacted.value(first) !== Redacted.value(again)) return yield* Effect.fail(new Error("the two passwords differ; nothing changed"))
      return first
    })

const setPassword = Command.make("set-password", { stdin }, ({ stdin }) =>
  Effect.gen(function*() {
    const password = yield* readPassword(stdin)
    yield* (yield* authService).setPassword(password)
    yield* Console.log("password set; open sessions are logged out (DEVSERVER_PASSWORD, when set, takes precedence)")
  })).pipe(Command.withDescription("Set the login password of the web app and API (stored as a scrypt hash)."))

export const auth = Command.make("auth").pipe(
  Command.withDescription("Login for the web app and API when DevServer listens beyond this machine."),
  Command.withSubcommands([setPassword]),
  Command.provide(authLayer),
  Command.provide(appLayer)
)
