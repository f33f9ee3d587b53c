/**
 * Idempotent pull request: the open PR for the head branch is updated (title and body), otherwise a
 * new one is opened. When two deliveries race, the loser's `Conflict` ("already exists") is answered by
 * finding and updating the winner's PR, so a branch never gets two PRs.
 */
import { Effect, Option } from "effect"
import type { ForgeClient, ForgeError, PullRequest, PullRequestInput } from "./Forge.js"

export const openOrUpdate = (client: ForgeClient, input: PullRequestInput): Effect.Effect<{ readonly pr: PullRequest; readonly reused: boolean }, ForgeError> => {
  const update = (pr: PullRequest) => Effect.map(client.updatePullRequest(pr.number, { title: input.title, body: input.body }), (updated) => ({ pr: updated, reused: true }))
  return client.findOpenPullRequest(input.head, input.base).pipe(
    Effect.flatMap(Option.match({
      onSome: update,
      onNone: () =>
        client.createPullRequest(input).pipe(
          Effect.map((pr) => ({ pr, reused: false })),
          Effect.catchIf((e) => e.reason === "Conflict", (e) =>
            client.findOpenPullRequest(input.head, input.base).pipe(
              Effect.flatMap(Option.match({ onSome: update, onNone: () => Effect.fail(e) }))
            ))
        )
    }))
  )
}
