import { describe, expect, it } from "@effect/vitest"
import { SqlClient } from "@effect/sql"
import { Duration, Effect, Layer, Option, Redacted } from "effect"
import { Auth } from "../../src/auth/Auth.js"
import * as AuthLive from "../../src/auth/AuthLive.js"
import * as TestDatabase from "../support/TestDatabase.js"

const stored = AuthLive.layer({ password: Option.none(), sessionTtl: Duration.hours(1) }).pipe(Layer.provideMerge(TestDatabase.layer))

describe("Auth", () => {
  it.layer(stored)("with a stored password", (it) => {
    it.effect("is not configured until a password or a token exists, and refuses a short password", () =>
      Effect.gen(function*() {
        const auth = yield* Auth
        expect(yield* auth.isConfigured()).toBe(false)
        expect(yield* Effect.map(Effect.flip(auth.login(Redacted.make("whatever1"))), (e) => ("reason" in e ? e.reason : e._tag))).toBe("NotConfigured")
        const refused = yield* Effect.flip(auth.setPassword(Redacted.make("short")))
        expect(refused.message).toBe("invalid password: a password has at least 8 characters")
        expect(yield* auth.isConfigured()).toBe(false)
      }))

    it.effect("logs in with the right password only; the hash is stored, not the password", () =>
      Effect.gen(function*() {
        const auth = yield* Auth
        const sql = yield* SqlClient.SqlClient
        yield* auth.setPassword(Redacted.make("correct horse"))
        expect(yield* auth.isConfigured()).toBe(true)
        const [row] = yield* sql<{ hash: string }>`select hash from auth_password`
        expect(row!.hash).toMatch(/^scrypt\$/)
        expect(row!.hash).not.toContain("correct horse")
        expect(yield* Effect.map(Effect.flip(auth.login(Redacted.make("wrong horse"))), (e) => ("reason" in e ? e.reason : e._tag))).toBe("WrongPassword")
        const { token } = yield* auth.login(Redacted.make("correct horse"))
        expect(Option.isSome(yield* auth.session(Redacted.value(token)))).toBe(true)
        yield* auth.logout(Redacted.value(token))
        expect(Option.isNone(yield* auth.session(Redacted.value(token)))).toBe(true)
      }))

    it.effect("an expired session no longer counts; a new password ends every session", () =>
      Effect.gen(function*() {
        const auth = yield* Auth
        const sql = yield* SqlClient.SqlClient
        const first = yield* auth.login(Redacted.make("correct horse"))
        const second = yield* auth.login(Redacted.make("correct horse"))
        yield* sql`update auth_sessions set expires_at = now() - interval '1 second' where id = ${first.session.id}`
        expect(Option.isNone(yield* auth.session(Redacted.value(first.token)))).toBe(true)
        expect(Option.isSome(yield* auth.session(Redacted.value(second.token)))).toBe(true)
        yield* auth.setPassword(Redacted.make("battery staple"))
        expect(Option.isNone(yield* auth.session(Redacted.value(second.token)))).toBe(true)
      }))

    it.effect("API tokens: shown once, stored hashed, usable as bearer until revoked", () =>
      Effect.gen(function*() {
        const auth = yield* Auth
        const sql = yield* SqlClient.SqlClient
        const { token, info } = yield* auth.createToken("ci-script")
        expect(Redacted.value(token)).toMatch(/^dst_/)
        expect(Redacted.value(token).startsWith(info.prefix)).toBe(true)
        const rows = yield* sql`select * from api_tokens`
        expect(JSON.stringify(rows)).not.toContain(Redacted.value(token))
        expect((yield* Effect.flip(auth.createToken("ci-script"))).message).toBe("invalid name: a token named 'ci-script' exists")
        expect((yield* Effect.flip(auth.createToken("bad name"))).message).toMatch(/^invalid name/)
        const used = yield* auth.bearer(Redacted.value(token))
        expect(Option.map(used, (t) => t.name)).toEqual(Option.some("ci-script"))
        expect((yield* auth.listTokens())[0]?.lastUsedAt).not.toBeNull()
        expect(Option.isNone(yield* auth.bearer("dst_guess"))).toBe(true)
        yield* auth.revokeToken("ci-script")
        expect(Option.isNone(yield* auth.bearer(Redacted.value(token)))).toBe(true)
        expect((yield* Effect.flip(auth.revokeToken("ci-script"))).message).toBe("token not found: ci-script")
      }))
  })

  it.layer(AuthLive.layer({ password: Option.some(Redacted.make("from-the-env")), sessionTtl: Duration.hours(1) }).pipe(Layer.provideMerge(TestDatabase.layer)))(
    "with DEVSERVER_PASSWORD",
    (it) => {
      it.effect("the configured password logs in", () =>
        Effect.gen(function*() {
          const auth = yield* Auth
          expect(yield* auth.isConfigured()).toBe(true)
          expect(yield* Effect.map(Effect.flip(auth.login(Redacted.make("from-the-env!"))), (e) => ("reason" in e ? e.reason : e._tag))).toBe("WrongPassword")
          expect(Option.isSome(yield* auth.session(Redacted.value((yield* auth.login(Redacted.make("from-the-env"))).token)))).toBe(true)
        }))
    }
  )
})
