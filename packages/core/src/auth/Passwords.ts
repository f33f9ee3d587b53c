/**
 * Password hashing with scrypt (node:crypto): `scrypt$N$r$p$salt$hash`, salt and hash in base64.
 * Verification recomputes with the stored parameters and compares in constant time.
 */
import { Effect, Redacted } from "effect"
import * as crypto from "node:crypto"

const N = 16384
const R = 8
const P = 1
const KEY_LENGTH = 32

const derive = (password: Redacted.Redacted<string>, salt: Buffer, n: number, r: number, p: number) =>
  Effect.async<Buffer>((resume) => {
    crypto.scrypt(Redacted.value(password).normalize("NFKC"), salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r * 2 }, (error, key) =>
      resume(error ? Effect.die(error) : Effect.succeed(key)))
  })

/** A new salted hash of `password`. */
export const hash = (password: Redacted.Redacted<string>): Effect.Effect<string> =>
  Effect.gen(function*() {
    const salt = crypto.randomBytes(16)
    const key = yield* derive(password, salt, N, R, P)
    return ["scrypt", N, R, P, salt.toString("base64"), key.toString("base64")].join("$")
  })

/** Whether `password` matches `stored` (false for a malformed hash). */
export const verify = (password: Redacted.Redacted<string>, stored: string): Effect.Effect<boolean> =>
  Effect.gen(function*() {
    const [scheme, n, r, p, salt, expected] = stored.split("$")
    if (scheme !== "scrypt" || !n || !r || !p || !salt || !expected) return false
    const want = Buffer.from(expected, "base64")
    const key = yield* derive(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p))
    return key.length === want.length && crypto.timingSafeEqual(key, want)
  })

/** A fresh random secret (256 bits, base64url) with a readable prefix. */
export const randomSecret = (prefix: string) => `${prefix}${crypto.randomBytes(32).toString("base64url")}`

/** How a high-entropy secret (session, API token) is stored: its SHA-256. */
export const digest = (secret: string) => crypto.createHash("sha256").update(secret).digest()

/** Whether two secrets are equal, in constant time. */
export const sameSecret = (a: Redacted.Redacted<string>, b: Redacted.Redacted<string>) =>
  crypto.timingSafeEqual(digest(Redacted.value(a)), digest(Redacted.value(b)))
