/** `classify [FILE…]`: the failure classifier on tool or agent output; one JSON line per input. */
import { Args, Command } from "@effect/cli"
import { InvalidInput } from "@devserver/core/domain/Errors"
import { Console, Effect } from "effect"
import * as fs from "node:fs"
import { load } from "../Lazy.js"

/** The whole input, or a typed error naming the file; `-` is stdin. */
const readInput = (file: string) =>
  Effect.try({
    try: () => fs.readFileSync(file === "-" ? 0 : file).toString("utf8"),
    catch: (e) => {
      const code = (e as NodeJS.ErrnoException).code
      const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "not readable" : String(e)
      return new InvalidInput({ field: "file", reason: `${file}: ${why}` })
    }
  })

export const classify = Command.make("classify", {
  files: Args.text({ name: "file" }).pipe(Args.repeated, Args.withDescription("Files of tool or agent output (none or - = stdin)."))
}, ({ files }) =>
  Effect.gen(function*() {
    const Classifier = yield* load(() => import("@devserver/core/classify/Classifier"))
    // Every input is read before anything is printed: a missing file prints only its error.
    const inputs = yield* Effect.forEach(files.length === 0 ? ["-"] : files, (file) => Effect.map(readInput(file), (text) => ({ file, text })))
    for (const { file, text } of inputs) {
      const c = Classifier.classify(text)
      yield* Console.log(JSON.stringify({ file, class: c.class, severity: c.severity, tool: c.tool, rule: c.rule, hint: c.hint }))
    }
  })).pipe(Command.withDescription("Classify failure output (a build, a test run, an agent CLI) as the pipeline does: one JSON line per file with class, severity, tool, rule and hint."))
