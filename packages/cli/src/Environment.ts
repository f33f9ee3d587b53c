/**
 * Configuration read from the environment, checked before a command runs, so a malformed value is
 * named with its variable instead of surfacing later as a low-level error (a DATABASE_URL that is not
 * a URL would otherwise fail as a DNS lookup of part of it). Values are never printed.
 */
import { Data, Effect } from "effect"

/** An environment variable holds a value DevServer cannot use. */
export class BadEnvironment extends Data.TaggedError("BadEnvironment")<{ readonly variable: string; readonly reason: string }> {
  override get message() {
    return `${this.variable} ${this.reason}`
  }
}

const databaseUrl = (value: string): string | undefined => {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return "is not a URL; expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE (or unset it to use the embedded database)"
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    return `must start with postgresql:// (it starts with ${url.protocol}//)`
  }
  if (url.hostname === "" && !url.searchParams.has("host")) return "names no host; expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
  return undefined
}

const secretKey = (value: string): string | undefined =>
  Buffer.from(value.trim(), "base64").length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value.trim())
    ? undefined
    : "must be 32 random bytes, base64-encoded (e.g. the output of: openssl rand -base64 32)"

const checks: ReadonlyArray<readonly [string, (value: string) => string | undefined]> = [
  ["DATABASE_URL", databaseUrl],
  ["DEVSERVER_SECRET_KEY", secretKey]
]

/** Fails with the first variable that is set but unusable. */
export const check: Effect.Effect<void, BadEnvironment> = Effect.suspend(() => {
  for (const [variable, problem] of checks) {
    const value = process.env[variable]
    const reason = value === undefined || value === "" ? undefined : problem(value)
    if (reason !== undefined) return Effect.fail(new BadEnvironment({ variable, reason }))
  }
  return Effect.void
})
