/**
 * Where the commands act: on the database here (local), or on another machine's DevServer through its
 * API (remote: `--server URL` or `DEVSERVER_SERVER`, with an API token from `DEVSERVER_TOKEN` or the
 * variable `--token-env NAME` names). The token never comes from the command line (every user sees
 * argv in `ps`) and is held `Redacted`.
 */
import { InvalidInput } from "@devserver/core/domain/Errors"
import { Context, Effect, Redacted } from "effect"
import { BadEnvironment } from "./Environment.js"
import { RemoteError } from "./RemoteError.js"

export type ModeValue =
  | { readonly _tag: "Local" }
  | { readonly _tag: "Remote"; readonly url: string; readonly token: Redacted.Redacted<string> | undefined }

export class Mode extends Context.Tag("@devserver/cli/Mode")<Mode, ModeValue>() {}

/** The command line without the global options, and those options' values. */
export interface Extracted {
  readonly args: ReadonlyArray<string>
  readonly server: string | undefined
  readonly tokenEnv: string | undefined
}

const take = (args: ReadonlyArray<string>, name: string) => {
  const end = args.includes("--") ? args.indexOf("--") : args.length
  const rest: Array<string> = []
  let value: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    // A trailing `--server` with nothing after it reads as an empty value, refused as such.
    if (i < end && arg === `--${name}`) value = i + 1 < end ? args[++i] : ""
    else if (i < end && arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3)
    else rest.push(arg)
  }
  return { rest, value }
}

/**
 * Takes `--server URL` out of the command line, wherever it is; in remote mode also `--token-env NAME`
 * (locally `--token-env` belongs to `repo add`, which names the forge token's variable).
 */
export const extract = (args: ReadonlyArray<string>, env: Record<string, string | undefined>): Extracted => {
  const server = take(args, "server")
  const remote = server.value !== undefined || (env.DEVSERVER_SERVER ?? "") !== ""
  const tokenEnv = remote ? take(server.rest, "token-env") : { rest: server.rest, value: undefined }
  return { args: tokenEnv.rest, server: server.value, tokenEnv: tokenEnv.value }
}

/** The server's base URL with a trailing slash, or why the text is not one. */
const baseUrl = (text: string): string | { readonly reason: string } => {
  if (/^[\w.-]+(:\d+)?(\/|$)/.test(text) && !text.includes("://")) return { reason: `needs http:// or https:// in front (e.g. http://${text})` }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { reason: "is not a URL; expected http://HOST:PORT (the address devserver start printed)" }
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { reason: `must start with http:// or https:// (it starts with ${url.protocol}//)` }
  if (url.username !== "" || url.password !== "") return { reason: "must not carry credentials; put the API token in DEVSERVER_TOKEN" }
  if (url.search !== "" || url.hash !== "") return { reason: "must be the server's address only (no ?query or #fragment)" }
  return `${url.origin}${url.pathname.replace(/\/*$/, "/")}`
}

/** The mode the global options and the environment ask for; a malformed value is refused with one line. */
export const resolve = (extracted: Extracted, env: Record<string, string | undefined>): Effect.Effect<ModeValue, InvalidInput | BadEnvironment | RemoteError> =>
  Effect.suspend((): Effect.Effect<ModeValue, InvalidInput | BadEnvironment | RemoteError> => {
    const fromFlag = extracted.server !== undefined
    const text = extracted.server ?? env.DEVSERVER_SERVER ?? ""
    if (!fromFlag && text === "") return Effect.succeed<ModeValue>({ _tag: "Local" })
    const url = fromFlag && text === "" ? { reason: "needs a URL, e.g. --server http://build-box:7420" } : baseUrl(text)
    if (typeof url !== "string") {
      return fromFlag
        ? Effect.fail(new RemoteError({ reason: "BadUrl", detail: `--server ${url.reason}` }))
        : Effect.fail(new BadEnvironment({ variable: "DEVSERVER_SERVER", reason: url.reason }))
    }
    const variable = extracted.tokenEnv ?? "DEVSERVER_TOKEN"
    const raw = (env[variable] ?? "").trim()
    if (extracted.tokenEnv === "") return Effect.fail(new InvalidInput({ field: "tokenEnv", reason: "--token-env needs the name of an environment variable" }))
    if (extracted.tokenEnv !== undefined && raw === "") {
      return Effect.fail(new InvalidInput({ field: "tokenEnv", reason: `--token-env names ${variable}, which is not set` }))
    }
    return Effect.succeed<ModeValue>({ _tag: "Remote", url, token: raw === "" ? undefined : Redacted.make(raw) })
  })

/** Commands that work against a remote DevServer; every other command needs the database here. */
const remoteCommands = new Set([
  "task add", "task list", "task show", "task enqueue", "task logs", "task cancel", "task continue", "task done", "task reject",
  "task retry", "task archive", "task unarchive", "task approve", "repo list", "repo show", "settings list", "settings get",
  "settings set", "stats", "template add", "template list", "template show", "idea add", "idea list", "idea show", "schedule list"
])

/** Refuses, with one line, a command that cannot run against a remote DevServer. */
export const allowRemote = (path: ReadonlyArray<string>): Effect.Effect<void, RemoteError> => {
  const command = path.slice(1).join(" ")
  return remoteCommands.has(command)
    ? Effect.void
    : Effect.fail(new RemoteError({
      reason: "NotRemote",
      detail: `'devserver ${command}' works only on the machine with the database, not against a remote DevServer (drop --server / unset DEVSERVER_SERVER)`
    }))
}
