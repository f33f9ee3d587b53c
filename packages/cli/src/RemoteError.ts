/**
 * A failure of remote mode, as the user should read it: the server's address is malformed, it cannot
 * be reached or does not answer like a DevServer, it refused the API token, a command that needs the
 * database here was asked of it, or it refused the request (`remoteTag` then names the server's error,
 * e.g. `NotFound`, so the exit code is the one the same failure has locally). Never holds the token.
 */
import { Data } from "effect"

export type RemoteReason = "BadUrl" | "NotRemote" | "Unreachable" | "BadAnswer" | "Unauthorized" | "Refused"

export class RemoteError extends Data.TaggedError("RemoteError")<{
  readonly reason: RemoteReason
  readonly detail: string
  readonly remoteTag?: string | undefined
}> {
  override get message() {
    return this.detail
  }
}
