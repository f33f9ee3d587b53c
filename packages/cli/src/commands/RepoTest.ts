/** `repo test NAME`: clone access and the API token's scope, one line per check; exit 1 when one fails. */
import { Command } from "@effect/cli"
import { Console, Effect } from "effect"
import { ExitWith } from "../ExitCodes.js"
import * as Flags from "../Flags.js"
import { load } from "../Lazy.js"
import * as Progress from "../Progress.js"
import * as Render from "../Render.js"

export const test = Command.make("test", { name: Flags.text("name", "The repo's name."), json: Flags.json }, ({ json, name }) =>
  Effect.gen(function*() {
    const m = yield* load(() => import("@devserver/core/delivery/RepoCheck"))
    const checks = yield* Progress.around(`checking ${name}`, Effect.flatMap(m.RepoCheck, (c) => c.test(name)).pipe(Effect.provide(m.layer)))
    if (json) yield* Render.json(checks)
    else for (const c of checks) yield* Console.log(`${c.ok ? "ok  " : "FAIL"} ${c.message}`)
    if (checks.some((c) => !c.ok)) return yield* new ExitWith({ code: 1 })
  })).pipe(Command.withDescription("Check clone access and the forge token's permissions for a repo."))
