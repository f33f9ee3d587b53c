/** `preflight scan [FILE…]`: the delivery secret scan on files or stdin; JSON lines, exit 1 on findings. */
import { Args, Command } from "@effect/cli"
import { InvalidInput } from "@devserver/core/domain/Errors"
import { Console, Effect } from "effect"
import * as fs from "node:fs"
import { ExitWith } from "../ExitCodes.js"
import { load } from "../Lazy.js"

const read = (file: string) =>
  Effect.try({
    try: () => fs.readFileSync(file === "-" ? 0 : file, "utf8"),
    catch: (e) => new InvalidInput({ field: "file", reason: `${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(e)}` })
  })

const scan = Command.make("scan", {
  files: Args.text({ name: "file" }).pipe(Args.repeated, Args.withDescription("Files to scan (none or - = stdin); every line counts as an added line."))
}, ({ files }) =>
  Effect.gen(function*() {
    const { scanText } = yield* load(() => import("@devserver/core/preflight/SecretScan"))
    let found = 0
    for (const file of files.length === 0 ? ["-"] : files) {
      for (const f of yield* scanText(yield* read(file), file)) {
        found++
        yield* Console.log(JSON.stringify({ file: f.file, line: f.line, rule: f.rule, kind: f.kind, masked: f.masked }))
      }
    }
    if (found > 0) return yield* new ExitWith({ code: 1 })
  })).pipe(Command.withDescription("Scan files (or stdin) for secrets as preflight does: one JSON line per finding, never the secret; exit 1 when anything is found."))

export const preflight = Command.make("preflight").pipe(
  Command.withDescription("The checks run before delivery."),
  Command.withSubcommands([scan])
)
