/**
 * Encryption at rest for stored secrets (repo tokens): AES-256-GCM with a per-value random IV.
 * The key is `DEVSERVER_SECRET_KEY` (32 bytes, base64) when set, otherwise a key file created once in
 * the data folder with mode 0600. Losing the key makes stored tokens unreadable (a typed error), never
 * silently wrong.
 */
import { Config, Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import * as crypto from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { DataDir } from "../store/DataDir.js"

export class SecretError extends Schema.TaggedError<SecretError>()("SecretError", {
  reason: Schema.Literal("BadKey", "DecryptFailed"),
  detail: Schema.String
}) {
  override get message() {
    return `secret ${this.reason}: ${this.detail}`
  }
}

export interface SecretBoxService {
  /** Encrypts a secret into an opaque, versioned string safe to store. */
  readonly seal: (secret: Redacted.Redacted<string>) => string
  /** Decrypts a value made by `seal`; fails with `DecryptFailed` for a wrong key or altered data. */
  readonly open: (sealed: string) => Effect.Effect<Redacted.Redacted<string>, SecretError>
}

export class SecretBox extends Context.Tag("@devserver/core/secrets/SecretBox")<SecretBox, SecretBoxService>() {}

const VERSION = "v1"

export const make = (key: Buffer): SecretBoxService => ({
  seal: (secret) => {
    const iv = crypto.randomBytes(12)
    const cipher = crypto.createCipheriv("aes-256-gcm", key, iv)
    const body = Buffer.concat([cipher.update(Redacted.value(secret), "utf8"), cipher.final()])
    return [VERSION, iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64"))).join(":")
  },
  open: (sealed) =>
    Effect.try({
      try: () => {
        const [version, iv, tag, body] = sealed.split(":")
        if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("unknown format")
        const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"))
        decipher.setAuthTag(Buffer.from(tag, "base64"))
        const plain = Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()])
        return Redacted.make(plain.toString("utf8"))
      },
      catch: () => new SecretError({ reason: "DecryptFailed", detail: "wrong key or corrupted value" })
    })
})

const decodeKey = (raw: string) =>
  Effect.suspend(() => {
    const key = Buffer.from(raw.trim(), "base64")
    return key.length === 32
      ? Effect.succeed(key)
      : Effect.fail(new SecretError({ reason: "BadKey", detail: "the key must be 32 bytes, base64-encoded" }))
  })

const keyFile = (dir: string) =>
  Effect.suspend(() => {
    const file = path.join(dir, "secret.key")
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dir, { recursive: true })
      // "wx": two processes starting together must not both write a key.
      try {
        fs.writeFileSync(file, crypto.randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" })
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e
      }
    }
    return decodeKey(fs.readFileSync(file, "utf8"))
  })

/** Key from `DEVSERVER_SECRET_KEY`, else `<data>/secret.key` (created on first use). */
export const layerConfig = Layer.effect(
  SecretBox,
  Effect.gen(function*() {
    const configured = yield* Config.option(Config.redacted("DEVSERVER_SECRET_KEY"))
    const key = Option.isSome(configured)
      ? yield* decodeKey(Redacted.value(configured.value))
      : yield* keyFile((yield* DataDir).path)
    return make(key)
  })
)

/** A box with a fixed key, for tests and scripts. */
export const layer = (key: Buffer) => Layer.succeed(SecretBox, make(key))
