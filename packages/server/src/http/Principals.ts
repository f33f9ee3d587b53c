/** Who a request comes from: a bearer token, else the session cookie; null when neither is valid. */
import { Auth } from "@devserver/core/auth/Auth"
import { Effect, Option } from "effect"
import type * as http from "node:http"
import type { Principal } from "../trpc.js"
import { readCookie, SESSION_COOKIE } from "./Cookies.js"
import { bearerToken } from "./RequestGuard.js"

export const principalOf = (req: http.IncomingMessage) =>
  Effect.gen(function*() {
    const auth = yield* Auth
    const bearer = bearerToken(req)
    if (bearer !== null) {
      return Option.match(yield* auth.bearer(bearer), { onNone: () => null, onSome: (t): Principal => ({ kind: "token", tokenId: t.id }) })
    }
    const cookie = readCookie(req, SESSION_COOKIE)
    if (cookie === null) return null
    return Option.match(yield* auth.session(cookie), { onNone: () => null, onSome: (s): Principal => ({ kind: "session", sessionId: s.id }) })
  })
