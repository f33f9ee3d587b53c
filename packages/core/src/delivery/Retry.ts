/**
 * Retrying a forge call with backoff: transient failures (network, 5xx, rate limits) are tried again
 * after `baseMs · 2^n` (capped), or after the wait the forge asked for when that is longer; other
 * failures and the last transient one are returned as they are. Waits go through the Clock.
 */
import { Effect } from "effect"
import { ForgeError, isTransient } from "../forge/Forge.js"

export interface RetryPolicy {
  /** Tries after the first. */
  readonly retries: number
  readonly baseMs: number
  readonly maxMs: number
}

export const withRetry = <A, E>(
  policy: RetryPolicy,
  effect: Effect.Effect<A, E>,
  onRetry: (error: ForgeError, waitMs: number, attempt: number) => Effect.Effect<void>
): Effect.Effect<A, E> => {
  const go = (n: number): Effect.Effect<A, E> =>
    Effect.catchIf(effect, (e): e is E & ForgeError => e instanceof ForgeError && isTransient(e) && n < policy.retries, (e) => {
      const waitMs = Math.min(policy.maxMs, Math.max(policy.baseMs * 2 ** n, e.retryAfterMs ?? 0))
      return onRetry(e, waitMs, n + 1).pipe(Effect.zipRight(Effect.sleep(waitMs)), Effect.zipRight(go(n + 1)))
    })
  return go(0)
}
