/**
 * A repository DevServer works on. The access token is never part of `Repo`: it is
 * stored encrypted and only `hasToken` is visible; the forge layer asks the store for it explicitly.
 */
import { Schema } from "effect"
import { RepoName } from "./Ids.js"
import { Model, Vendor } from "./Vendor.js"

export const Provider = Schema.Literal("gitea", "forgejo", "github", "local")
export type Provider = typeof Provider.Type

/** A shell command line run in the worktree; empty means skipped. */
const CommandLine = Schema.String.pipe(Schema.maxLength(4000))

export const RepoCommands = Schema.Struct({
  setup: Schema.optionalWith(CommandLine, { default: () => "" }),
  pre: Schema.optionalWith(CommandLine, { default: () => "" }),
  build: Schema.optionalWith(CommandLine, { default: () => "" }),
  test: Schema.optionalWith(CommandLine, { default: () => "" }),
  lint: Schema.optionalWith(CommandLine, { default: () => "" })
})
export type RepoCommands = typeof RepoCommands.Type

const Branch = Schema.String.pipe(
  Schema.pattern(/^(?!.*\.\.)(?!.*\/\/)(?!\/)(?!.*\/$)(?!.*\.lock$)[A-Za-z0-9._/-]{1,200}$/, {
    message: () => "not a valid branch name"
  })
)

/** The fields a user gives when adding a repo. */
export const RepoInput = Schema.Struct({
  name: RepoName,
  provider: Provider,
  /** Clone URL (https or ssh); must not carry credentials. Required except for `local`. */
  cloneUrl: Schema.optionalWith(Schema.String, { default: () => "" }),
  /** Forge API base URL; empty = the public host (GitHub). */
  apiUrl: Schema.optionalWith(Schema.String, { default: () => "" }),
  /** `owner/name` on the forge. */
  forgeRepo: Schema.optionalWith(Schema.String, { default: () => "" }),
  defaultBranch: Schema.optionalWith(Branch, { default: () => "main" }),
  /** For `local`: an existing git checkout. */
  localPath: Schema.optionalWith(Schema.String, { default: () => "" }),
  commands: Schema.optionalWith(RepoCommands, { default: () => RepoCommands.make({}) }),
  defaultVendor: Schema.optionalWith(Vendor, { default: () => "anthropic" }),
  defaultModel: Schema.optionalWith(Schema.NullOr(Model), { default: () => null }),
  maxAttempts: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 20)), { default: () => 3 }),
  agentTimeoutMinutes: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 24 * 60)), { default: () => 30 }),
  parallelism: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 64)), { default: () => 1 }),
  allowedTools: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] }),
  active: Schema.optionalWith(Schema.Boolean, { default: () => true })
})
export type RepoInput = typeof RepoInput.Type
export type RepoInputEncoded = typeof RepoInput.Encoded

export class Repo extends Schema.Class<Repo>("Repo")({
  id: Schema.Number,
  ...RepoInput.fields,
  /** Whether an access token is stored (the token itself never leaves the store unencrypted). */
  hasToken: Schema.Boolean,
  createdAt: Schema.DateFromSelf,
  updatedAt: Schema.DateFromSelf
}) {}

const hasCredentials = (url: string) => /^[a-z+]+:\/\/[^/@]*@/i.test(url) && !/^ssh:\/\/git@/i.test(url)

/**
 * Cross-field rules a Schema cannot express: forge repos need a clone URL without credentials in it
 * (tokens are stored separately, encrypted); local repos need an absolute path and run one task at a time.
 * Returns the normalised input, or the field and reason of the first problem.
 */
export const checkRepoInput = (input: RepoInput): { field: string; reason: string } | RepoInput => {
  if (input.provider === "local") {
    if (!input.localPath.startsWith("/")) return { field: "localPath", reason: "a local repo needs an absolute path" }
    return { ...input, parallelism: 1 }
  }
  if (input.cloneUrl === "") return { field: "cloneUrl", reason: `a ${input.provider} repo needs a clone URL` }
  if (!/^(https?|ssh|file|git):\/\/|^[\w.-]+@[\w.-]+:/.test(input.cloneUrl)) {
    return { field: "cloneUrl", reason: "expected an https://, ssh://, file:// or user@host:path URL" }
  }
  if (hasCredentials(input.cloneUrl)) {
    return { field: "cloneUrl", reason: "the URL must not contain credentials; pass the token separately" }
  }
  if (input.apiUrl !== "" && !/^https?:\/\/[^\s@]+$/.test(input.apiUrl)) {
    return { field: "apiUrl", reason: "expected an http(s) URL without credentials" }
  }
  if (input.forgeRepo !== "" && !/^[\w.-]+\/[\w.-]+$/.test(input.forgeRepo)) {
    return { field: "forgeRepo", reason: "expected owner/name" }
  }
  return input
}
