/** `task patch KEY [--out DIR]`: the latest patch series of a task (`git format-patch` files and combined.mbox). */
import { Command } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { ExitWith } from "../ExitCodes.js"
import * as Flags from "../Flags.js"
import { load } from "../Lazy.js"
import * as Render from "../Render.js"

export const patch = Command.make("patch", {
  key: Flags.taskKey,
  out: Flags.optionalText("out", "Copy the patch files and combined.mbox into this folder."),
  json: Flags.json
}, ({ json, key, out }) =>
  Effect.gen(function*() {
    const m = yield* load(() => import("@devserver/core/delivery/Deliveries"))
    const found = yield* Effect.flatMap(m.Deliveries, (d) => d.patches(key)).pipe(Effect.provide(m.layer))
    if (Option.isNone(found)) {
      yield* Console.error(`error: no patches for ${key} yet (every delivery with commits exports them)`)
      return yield* new ExitWith({ code: 3 })
    }
    let set = found.value
    if (Option.isSome(out)) {
      const dir = path.resolve(out.value)
      fs.mkdirSync(dir, { recursive: true })
      const copy = (file: string) => {
        const target = path.join(dir, path.basename(file))
        fs.copyFileSync(file, target)
        return target
      }
      set = { ...set, patches: set.patches.map(copy), mbox: copy(set.mbox) }
    }
    if (json) return yield* Render.json(set)
    yield* Console.log(`${set.commits} commit(s), +${set.insertions} -${set.deletions} (run ${set.runId})`)
    for (const p of set.patches) yield* Console.log(p)
    yield* Console.log(`${set.mbox}    (apply with: git am ${path.basename(set.mbox)})`)
  })).pipe(Command.withDescription("Show or copy a task's latest patch series and combined.mbox."))
