/**
 * Who may use the API when the server is reachable beyond this machine: a password
 * (`DEVSERVER_PASSWORD`, else the one stored with `setPassword`) opens sessions; API tokens are bearer
 * secrets for scripts. Only hashes are stored (scrypt for the password, SHA-256 for the random session
 * and token secrets), and a secret is shown once, when it is created.
 */
import { Context, type Effect, type Option, type Redacted } from "effect"
import type { ApiTokenInfo, Unauthorized } from "../domain/Auth.js"
import type { InvalidInput, NotFound, StoreError } from "../domain/Errors.js"

export interface Session {
  readonly id: number
  readonly expiresAt: Date
}

export interface NewToken {
  /** The secret: shown once, never stored. */
  readonly token: Redacted.Redacted<string>
  readonly info: ApiTokenInfo
}

export interface AuthService {
  /** Whether anyone can log in: a password (configured or stored) or at least one API token exists. */
  readonly isConfigured: () => Effect.Effect<boolean, StoreError>
  /** Stores the password's hash (replacing the previous one); InvalidInput when too short. */
  readonly setPassword: (password: Redacted.Redacted<string>) => Effect.Effect<void, InvalidInput | StoreError>
  /** A new session for the right password; Unauthorized (WrongPassword, NotConfigured) otherwise. */
  readonly login: (password: Redacted.Redacted<string>) => Effect.Effect<{ readonly token: Redacted.Redacted<string>; readonly session: Session }, Unauthorized | StoreError>
  /** The live session of a session secret; None when unknown or expired. */
  readonly session: (token: string) => Effect.Effect<Option.Option<Session>, StoreError>
  /** Ends the session of a session secret (nothing when unknown). */
  readonly logout: (token: string) => Effect.Effect<void, StoreError>
  /** A new API token; InvalidInput for a bad or taken name. */
  readonly createToken: (name: string) => Effect.Effect<NewToken, InvalidInput | StoreError>
  readonly listTokens: () => Effect.Effect<ReadonlyArray<ApiTokenInfo>, StoreError>
  /** Deletes a token by name; it stops working at once. NotFound when there is none. */
  readonly revokeToken: (name: string) => Effect.Effect<void, NotFound | StoreError>
  /** The token a bearer secret belongs to (its last use is recorded); None when unknown. */
  readonly bearer: (token: string) => Effect.Effect<Option.Option<ApiTokenInfo>, StoreError>
}

export class Auth extends Context.Tag("@devserver/core/auth/Auth")<Auth, AuthService>() {}
