/**
 * The one table from core errors to the bot's replies. Refusals of user input say what was wrong;
 * infrastructure failures say to try again, and never leak internals.
 */
import { Cause, Option } from "effect"
import { escape } from "./MarkdownV2.js"

const SPOKEN = new Set(["NotFound", "InvalidInput", "AlreadyExists", "IllegalTransition", "ActionRefused", "NoPlanAwaiting"])

export const replyFor = (cause: Cause.Cause<unknown>): string => {
  const failure = Option.getOrNull(Cause.failureOption(cause)) as { _tag?: string; message?: string } | null
  if (failure !== null && failure._tag !== undefined && SPOKEN.has(failure._tag)) return escape(`⚠ ${failure.message ?? failure._tag}`)
  if (failure?._tag === "StoreError") return escape("⚠ DevServer cannot reach its database right now; try again shortly.")
  return escape("⚠ Something went wrong; the DevServer log has the details.")
}
