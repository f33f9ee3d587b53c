/** The pull request JSON both Gitea (API v1) and GitHub (REST v3) return, decoded once. */
import { Effect, Schema } from "effect"
import { ForgeError, type PullRequest } from "./Forge.js"

const Ref = Schema.Struct({ ref: Schema.String })

const Json = Schema.Struct({
  number: Schema.Int,
  html_url: Schema.String,
  title: Schema.String,
  state: Schema.String,
  head: Ref,
  base: Ref
})

const toPullRequest = (j: typeof Json.Type): PullRequest => ({ number: j.number, url: j.html_url, title: j.title, head: j.head.ref, base: j.base.ref })

const fail = (operation: string) => (e: unknown) =>
  new ForgeError({ reason: "BadResponse", operation, detail: `unexpected pull request JSON: ${String(e).split("\n")[0]}` })

export const decodeOne = (operation: string, body: unknown): Effect.Effect<PullRequest, ForgeError> =>
  Schema.decodeUnknown(Json)(body).pipe(Effect.map(toPullRequest), Effect.mapError(fail(operation)))

export const decodeList = (operation: string, body: unknown): Effect.Effect<ReadonlyArray<PullRequest & { readonly state: string }>, ForgeError> =>
  Schema.decodeUnknown(Schema.Array(Json))(body).pipe(Effect.map((js) => js.map((j) => ({ ...toPullRequest(j), state: j.state }))), Effect.mapError(fail(operation)))

/** The permissions object of a repository (`GET /repos/{owner}/{repo}`) on both forges. */
export const RepoJson = Schema.Struct({
  permissions: Schema.optional(Schema.Struct({ push: Schema.optional(Schema.Boolean), admin: Schema.optional(Schema.Boolean) }))
})
export const UserJson = Schema.Struct({ login: Schema.String })
