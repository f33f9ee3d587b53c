/**
 * The forge port: pull requests and access checks on Gitea, Forgejo and GitHub (also
 * Enterprise). A client is built per repo from a `ForgeTarget`; the token travels only in request
 * headers. Every failure is a `ForgeError` with a reason the caller can act on: `Auth` and `NotFound`
 * are permanent, `RateLimited` carries how long to wait, `Transport` (network, 5xx) is worth retrying.
 */
import { Context, type Effect, type Option, type Redacted, Schema } from "effect"
import type { Provider } from "../domain/Repo.js"

export class ForgeError extends Schema.TaggedError<ForgeError>()("ForgeError", {
  reason: Schema.Literal(
    "Auth", // token missing, rejected or without the needed permission (401, 403)
    "NotFound", // the repository or pull request does not exist for this token (404)
    "Conflict", // the forge refused because of existing state: a PR exists, a push is not a fast-forward
    "RateLimited", // 429, or 403 with an exhausted rate limit; `retryAfterMs` says when to come back
    "Transport", // the forge could not be reached, timed out or answered 5xx
    "BadResponse" // the forge answered something we do not understand (or rejected our input, 422)
  ),
  operation: Schema.String,
  status: Schema.optional(Schema.Int),
  retryAfterMs: Schema.optional(Schema.Number),
  detail: Schema.String
}) {
  override get message() {
    const wait = this.retryAfterMs === undefined ? "" : ` (retry after ${Math.ceil(this.retryAfterMs / 1000)} s)`
    return `forge ${this.operation}: ${this.reason}${this.status ? ` ${this.status}` : ""}: ${this.detail}${wait}`
  }
}

/** Worth retrying later: the forge may answer next time. */
export const isTransient = (e: ForgeError): boolean => e.reason === "Transport" || e.reason === "RateLimited"

/** Where a repo lives on its forge. */
export interface ForgeTarget {
  readonly provider: Exclude<Provider, "local">
  /** API root, e.g. `https://gitea.example/api/v1` or `https://api.github.com`. */
  readonly apiBase: string
  readonly owner: string
  readonly name: string
  readonly token: Redacted.Redacted<string> | null
}

export interface PullRequest {
  readonly number: number
  /** The page a human opens. */
  readonly url: string
  readonly title: string
  readonly head: string
  readonly base: string
}

export interface PullRequestInput {
  readonly title: string
  readonly body: string
  readonly head: string
  readonly base: string
}

/** What the token may do on the repository. */
export interface ForgeAccess {
  readonly login: string | null
  readonly canPush: boolean
  /** Classic OAuth scopes when the forge reports them (GitHub), else null. */
  readonly scopes: ReadonlyArray<string> | null
}

export interface ForgeClient {
  /** The open pull request from `head` into `base`, following pagination; None when there is none. */
  readonly findOpenPullRequest: (head: string, base: string) => Effect.Effect<Option.Option<PullRequest>, ForgeError>
  /** Opens a pull request; `Conflict` when one is already open for the branch. */
  readonly createPullRequest: (input: PullRequestInput) => Effect.Effect<PullRequest, ForgeError>
  /** Replaces title and body of an open pull request. */
  readonly updatePullRequest: (number: number, input: Pick<PullRequestInput, "title" | "body">) => Effect.Effect<PullRequest, ForgeError>
  /** Who the token is and whether it may push to the repository. */
  readonly access: () => Effect.Effect<ForgeAccess, ForgeError>
}

export interface ForgeService {
  /** A client for one repository (no request is made until a method runs). */
  readonly client: (target: ForgeTarget) => ForgeClient
}

export class Forge extends Context.Tag("@devserver/core/forge/Forge")<Forge, ForgeService>() {}
