/**
 * Checks the CLI makes before it writes anything, so input that would only fail later (when a worker
 * picks the task up) is refused at the door with one line: unknown vendors, token variables that are
 * not set, forge repos without an owner/name, local checkouts that are not what they claim.
 */
import { HelpDoc, ValidationError } from "@effect/cli"
import type { Provider } from "@devserver/core/domain/Repo"
import { InvalidInput } from "@devserver/core/domain/Errors"
import { BuiltinVendor } from "@devserver/core/domain/Vendor"
import { Effect, Option, Redacted } from "effect"
import * as fs from "node:fs"

const refuse = (field: string, reason: string) => Effect.fail(new InvalidInput({ field, reason }))

/** A vendor named on the command line must be one DevServer ships. */
export const vendor = (field: string, value: Option.Option<string>) =>
  Option.isSome(value) && !BuiltinVendor.literals.includes(value.value as BuiltinVendor)
    ? refuse(field, `unknown vendor '${value.value}' (known: ${BuiltinVendor.literals.join(", ")})`)
    : Effect.void

/** The token never comes from argv (visible to every user in `ps`): an environment variable or stdin. */
export const token = (fromEnv: Option.Option<string>, fromStdin: boolean) =>
  Effect.suspend(() => {
    if (fromStdin) {
      const raw = fs.readFileSync(0, "utf8").trim()
      return raw === "" ? refuse("token", "--token-stdin read nothing") : Effect.succeed(Redacted.make(raw))
    }
    if (Option.isNone(fromEnv)) return Effect.succeed(undefined)
    const raw = process.env[fromEnv.value] ?? ""
    return raw === "" ? refuse("token", `--token-env names ${fromEnv.value}, which is not set`) : Effect.succeed(Redacted.make(raw))
  })

/** `owner/name` read from a forge clone URL (`https://host/owner/name.git`, `git@host:owner/name.git`). */
export const forgeRepoOf = (cloneUrl: string): string | undefined =>
  /^(?:[a-z+]+:\/\/[^/]+\/|[\w.-]+@[\w.-]+:)([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/i.exec(cloneUrl)?.[1]

/** A forge repo needs its owner/name for pull requests: given, or read from the clone URL. */
export const forgeRepo = (provider: Provider, given: Option.Option<string>, cloneUrl: Option.Option<string>) => {
  if (provider === "local" || Option.isSome(given)) return Effect.succeed(given)
  const derived = Option.flatMap(cloneUrl, (url) => Option.fromNullable(forgeRepoOf(url)))
  return Option.isSome(derived)
    ? Effect.succeed(derived)
    : refuse("forgeRepo", `a ${provider} repo needs --forge-repo OWNER/NAME (it could not be read from the clone URL)`)
}

/** Local repos run one task at a time (the agent works in the user's own folder). */
export const localParallelism = (provider: Provider, parallelism: Option.Option<number>) =>
  provider === "local" && Option.isSome(parallelism) && parallelism.value !== 1
    ? refuse("parallelism", "a local repo runs one task at a time (the agent works in your folder); leave --parallelism out")
    : Effect.void

/** A concurrency given on the command line, within what the maxConcurrency setting allows (checked while parsing). */
export const concurrency = (value: number) =>
  value < 1 || value > 64
    ? Effect.fail(ValidationError.invalidValue(HelpDoc.p(`--concurrency must be between 1 and 64 (got ${value})`)))
    : Effect.succeed(value)
