import { Args, Command } from "@effect/cli"
import { Console, Effect, Layer, Redacted } from "effect"
import { appLayer } from "../Config.js"
import * as Flags from "../Flags.js"
import { load } from "../Lazy.js"
import * as Render from "../Render.js"

/** Login and API tokens over the database (`DEVSERVER_PASSWORD` and the session length from the environment). */
export const authLayer = Layer.unwrapEffect(Effect.map(load(() => import("@devserver/core/auth/AuthLive")), (m) => m.layerConfig))
export const authService = Effect.flatMap(load(() => import("@devserver/core/auth/Auth")), (m) => m.Auth)

const name = Args.text({ name: "name" }).pipe(Args.withDescription("A name to tell the token apart, e.g. laptop or ci."))

const create = Command.make("create", { name }, ({ name }) =>
  Effect.gen(function*() {
    const { info, token } = yield* (yield* authService).createToken(name)
    yield* Console.log(Redacted.value(token))
    yield* Console.error(`token '${info.name}' created; it is shown only now. Send it as: Authorization: Bearer <token>`)
  })).pipe(Command.withDescription("Create an API token (printed once) for scripts and a remote CLI."))

const list = Command.make("list", { json: Flags.json }, ({ json }) =>
  Effect.gen(function*() {
    const tokens = yield* (yield* authService).listTokens()
    yield* json
      ? Render.json(tokens)
      : Render.table(["NAME", "PREFIX", "CREATED", "LAST USED"], tokens.map((t) => [t.name, `${t.prefix}…`, Render.ago(t.createdAt), t.lastUsedAt ? Render.ago(t.lastUsedAt) : "never"]))
  })).pipe(Command.withDescription("List API tokens (never their secrets)."))

const revoke = Command.make("revoke", { name }, ({ name }) =>
  Effect.gen(function*() {
    yield* (yield* authService).revokeToken(name)
    yield* Console.log(`token '${name}' revoked; it stops working at once`)
  })).pipe(Command.withDescription("Delete an API token."))

export const token = Command.make("token").pipe(
  Command.withDescription("API tokens: bearer secrets for scripts and a remote CLI (stored hashed)."),
  Command.withSubcommands([create, list, revoke]),
  Command.provide(authLayer),
  Command.provide(appLayer)
)
