/**
 * Reads the command path from the command line before @effect/cli parses it, to answer `--help`
 * with our own renderer, to show a group's help when no subcommand is given, and to name an unknown
 * subcommand at the level where it was typed (`devserver task frob` → the `task` commands).
 */
import { Option } from "effect"
import * as Help from "./Help.js"

export type Route =
  | { readonly _tag: "Run"; readonly path: ReadonlyArray<string> }
  | { readonly _tag: "Help"; readonly text: string }
  | { readonly _tag: "Unknown"; readonly message: string }

/** Options of every command, listed in the root's help. */
const globalOptions = [
  ["--version", "Print the version."],
  ["--server URL", "Drive the DevServer at URL through its API instead of the database here (or DEVSERVER_SERVER)."],
  ["--token-env NAME", "With --server: read the API token from variable NAME (default DEVSERVER_TOKEN)."]
] as const

export const route = (root: Help.AnyCommand, name: string, args: ReadonlyArray<string>): Route => {
  const end = args.includes("--") ? args.indexOf("--") : args.length
  const path = [name]
  let command = root
  let rest = 0
  for (const token of args.slice(0, end)) {
    const names = Help.subcommandNames(command)
    if (token.startsWith("-") || names.length === 0) break
    const next = Help.subcommand(command, token)
    if (Option.isNone(next)) {
      return { _tag: "Unknown", message: `unknown command '${token}' for '${path.join(" ")}' (try: ${names.join(", ")}; see '${path.join(" ")} --help')` }
    }
    command = next.value
    path.push(token)
    rest++
  }
  const wantsHelp = args.slice(0, end).some((a) => a === "-h" || a === "--help")
  const bareGroup = rest === end && Help.subcommandNames(command).length > 0
  if (!wantsHelp && !bareGroup) return { _tag: "Run", path }
  const extra = path.length === 1 ? globalOptions : []
  return { _tag: "Help", text: Help.render(command, path, extra) }
}
