/** `Auth` over the database; the configured password and the session length come from Config. */
import { SqlClient } from "@effect/sql"
import { Config, Duration, Effect, Layer, Option, Redacted, Schema } from "effect"
import { ApiTokenInfo, Password, TokenName, Unauthorized } from "../domain/Auth.js"
import { InvalidInput, NotFound } from "../domain/Errors.js"
import { decodeInput } from "../internal/decodeInput.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Auth, type Session } from "./Auth.js"
import { digest, hash, randomSecret, sameSecret, verify } from "./Passwords.js"

export interface AuthConfig {
  /** A password given by configuration; when set, it is the one that logs in. */
  readonly password: Option.Option<Redacted.Redacted<string>>
  /** How long a session lasts after login. */
  readonly sessionTtl: Duration.Duration
}

/** `DEVSERVER_PASSWORD` and `DEVSERVER_SESSION_HOURS` (default 168, a week). */
export const config: Config.Config<AuthConfig> = Config.all({
  password: Config.option(Config.redacted("DEVSERVER_PASSWORD")).pipe(
    Config.map(Option.filter((p) => Redacted.value(p) !== ""))
  ),
  sessionTtl: Config.number("DEVSERVER_SESSION_HOURS").pipe(Config.withDefault(168), Config.map((h) => Duration.hours(h)))
})

const decodeInfo = Schema.decodeUnknownSync(ApiTokenInfo)
const SESSION_PREFIX = "dss_"
const TOKEN_PREFIX = "dst_"

export const make = (options: AuthConfig) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const storedHash = sql<{ hash: string }>`select hash from auth_password`.pipe(Effect.map(([row]) => Option.fromNullable(row?.hash)))

    const checkPassword = (password: Redacted.Redacted<string>) =>
      Option.match(options.password, {
        onSome: (configured) => Effect.succeed(sameSecret(configured, password)),
        onNone: () =>
          Effect.flatMap(storedHash, Option.match({
            onNone: () => Effect.fail(new Unauthorized({ reason: "NotConfigured" })),
            onSome: (stored) => verify(password, stored)
          }))
      })

    const login = Effect.fn("Auth.login")(function*(password: Redacted.Redacted<string>) {
      if (!(yield* checkPassword(password))) return yield* new Unauthorized({ reason: "WrongPassword" })
      const token = randomSecret(SESSION_PREFIX)
      const [row] = yield* sql<{ id: number; expiresAt: Date }>`
        insert into auth_sessions (token_hash, expires_at)
        values (${digest(token)}, now() + ${Duration.toMillis(options.sessionTtl)} * interval '1 millisecond')
        returning id, expires_at`
      yield* sql`delete from auth_sessions where expires_at < now()`
      return { token: Redacted.make(token), session: { id: Number(row!.id), expiresAt: row!.expiresAt } satisfies Session }
    }, storeFailure("auth.login"))

    const createToken = Effect.fn("Auth.createToken")(function*(rawName: string) {
      const name = yield* decodeInput(TokenName, "name")(rawName)
      const token = randomSecret(TOKEN_PREFIX)
      const [row] = yield* sql`insert into api_tokens (name, token_hash, prefix)
        values (${name}, ${digest(token)}, ${token.slice(0, TOKEN_PREFIX.length + 6)})
        returning id, name, prefix, created_at, last_used_at`.pipe(
        storeFailure("auth.createToken", () => new InvalidInput({ field: "name", reason: `a token named '${name}' exists` }))
      )
      return { token: Redacted.make(token), info: decodeInfo(row) }
    })

    return Auth.of({
      isConfigured: () =>
        Option.isSome(options.password)
          ? Effect.succeed(true)
          : sql<{ ok: boolean }>`select exists (select 1 from auth_password) or exists (select 1 from api_tokens) as ok`.pipe(
            Effect.map(([row]) => row?.ok === true),
            storeFailure("auth.isConfigured")
          ),
      setPassword: (password) =>
        Effect.gen(function*() {
          yield* decodeInput(Password, "password")(Redacted.value(password))
          const hashed = yield* hash(password)
          yield* sql`insert into auth_password (hash) values (${hashed})
            on conflict (id) do update set hash = excluded.hash, updated_at = now()`
          // A new password ends every open session.
          yield* sql`delete from auth_sessions`
        }).pipe(sql.withTransaction, storeFailure("auth.setPassword")),
      login,
      session: (token) =>
        sql<{ id: number; expiresAt: Date }>`select id, expires_at from auth_sessions
          where token_hash = ${digest(token)} and expires_at > now()`.pipe(
          Effect.map(([row]) => Option.map(Option.fromNullable(row), (r) => ({ id: Number(r.id), expiresAt: r.expiresAt }))),
          storeFailure("auth.session")
        ),
      logout: (token) => sql`delete from auth_sessions where token_hash = ${digest(token)}`.pipe(Effect.asVoid, storeFailure("auth.logout")),
      createToken,
      listTokens: () =>
        sql`select id, name, prefix, created_at, last_used_at from api_tokens order by name`.pipe(
          Effect.map((rows) => rows.map((row) => decodeInfo(row))),
          storeFailure("auth.listTokens")
        ),
      revokeToken: (name) =>
        sql`delete from api_tokens where name = ${name} returning id`.pipe(
          storeFailure("auth.revokeToken"),
          Effect.flatMap((rows) => (rows.length > 0 ? Effect.void : Effect.fail(new NotFound({ entity: "token", id: name }))))
        ),
      bearer: (token) =>
        // The last use is written at most once a minute: a busy script costs reads, not writes.
        sql`with t as (select id, name, prefix, created_at, last_used_at from api_tokens where token_hash = ${digest(token)}),
          used as (update api_tokens set last_used_at = now()
            where id = (select id from t) and (last_used_at is null or last_used_at < now() - interval '1 minute'))
          select * from t`.pipe(
          Effect.map(([row]) => Option.map(Option.fromNullable(row), (r) => decodeInfo(r))),
          storeFailure("auth.bearer")
        )
    })
  })

export const layer = (options: AuthConfig) => Layer.effect(Auth, make(options))

export const layerConfig = Layer.unwrapEffect(Effect.map(config, layer))
