import { Auth } from "@devserver/core/auth/Auth"
import { TokenName } from "@devserver/core/domain/Auth"
import { Effect, Redacted, Schema } from "effect"
import { clearedSessionCookie, sessionCookie } from "../http/Cookies.js"
import { procedure, publicProcedure, router, run } from "../trpc.js"
import { standard } from "./inputs.js"

const LoginInput = standard(Schema.Struct({ password: Schema.Redacted(Schema.String.pipe(Schema.maxLength(1024, { message: () => "too long" }))) }))
const NameInput = standard(Schema.Struct({ name: TokenName }))

export const authRouter = router({
  /** Whether login is needed here, and whether this client has it. */
  status: publicProcedure.query(({ ctx }) => ({ loginRequired: ctx.loginRequired, authenticated: ctx.principal !== null })),
  /** Sets the session cookie for the right password. */
  login: publicProcedure.input(LoginInput).mutation(({ ctx, input }) =>
    run(ctx, Effect.flatMap(Auth, (a) => a.login(input.password))).then(({ session, token }) => {
      ctx.setCookie(sessionCookie(Redacted.value(token), (session.expiresAt.getTime() - Date.now()) / 1000))
      return { expiresAt: session.expiresAt }
    })),
  logout: procedure.mutation(({ ctx }) =>
    run(ctx, ctx.sessionToken === null ? Effect.void : Effect.flatMap(Auth, (a) => a.logout(ctx.sessionToken!))).then(() => {
      ctx.setCookie(clearedSessionCookie)
      return { ok: true as const }
    })),
  tokens: router({
    list: procedure.query(({ ctx }) => run(ctx, Effect.flatMap(Auth, (a) => a.listTokens()))),
    /** The new token's secret is in this answer only. */
    create: procedure.input(NameInput).mutation(({ ctx, input }) =>
      run(ctx, Effect.map(Effect.flatMap(Auth, (a) => a.createToken(input.name)), ({ info, token }) => ({ info, token: Redacted.value(token) })))),
    revoke: procedure.input(NameInput).mutation(({ ctx, input }) => run(ctx, Effect.flatMap(Auth, (a) => a.revokeToken(input.name))))
  })
})
