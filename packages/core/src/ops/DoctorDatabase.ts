/** The doctor's checks that need the database: reachable, migrated, and each stored forge token accepted by its forge. */
import { SqlClient } from "@effect/sql"
import { Effect, Option } from "effect"
import * as ForgeLive from "../forge/ForgeLive.js"
import { targetOf } from "../forge/Target.js"
import * as Migrations from "../store/Migrations.js"
import { Repos } from "../store/Repos.js"
import { Settings } from "../store/Settings.js"
import { type Check, fail, pass } from "./DoctorChecks.js"

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").slice(0, 200)

export const database = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const [row] = yield* sql<{ version: string }>`select current_setting('server_version') as version`
  const known = (yield* Migrations.loader).map(([id]) => id)
  const applied = yield* sql<{ id: number }>`select migration_id as id from effect_sql_migrations`.pipe(Effect.orElseSucceed(() => []))
  const pending = known.filter((id) => !applied.some((a) => Number(a.id) === id))
  // Settings are readable once the schema is current.
  const gc = pending.length > 0 ? [] : [yield* Effect.map((yield* Settings).get("worktreeRetentionDays"), (days) =>
    pass("worktree gc", `folders of tasks done, failed or cancelled over ${days} days ago are removed (setting worktreeRetentionDays)`))]
  return [
    pass("database", `PostgreSQL ${row?.version ?? "?"} reachable`, true),
    pending.length === 0
      ? pass("schema", `migrated (version ${Math.max(0, ...known)})`, true)
      : fail("schema", `${pending.length} migration(s) not applied`, "run devserver migrate (devserver start applies them too)"),
    ...gc
  ] satisfies Array<Check>
})

export const forgeTokens = Effect.gen(function*() {
  const repos = yield* Repos
  const forgeRepos = (yield* repos.list()).filter((r) => r.provider !== "local" && r.active)
  return yield* Effect.forEach(forgeRepos, (repo) =>
    Effect.gen(function*() {
      const name = `forge ${repo.name}`
      const token = yield* repos.token(repo.name)
      if (Option.isNone(token)) return fail(name, "no token stored", `add one: devserver repo add ${repo.name} … --token-env VAR (pushes and pull requests need it)`, false)
      const target = targetOf(repo, token.value)
      if (typeof target === "string") return fail(name, target, "fix the repo's forge settings")
      const access = yield* Effect.either(ForgeLive.client(target).access())
      if (access._tag === "Left") return fail(name, message(access.left), "check the token and the API URL; the token needs write access to the repo")
      return access.right.canPush
        ? pass(name, `token of ${access.right.login ?? "(unknown user)"}, can push`, true)
        : fail(name, `token of ${access.right.login ?? "(unknown user)"} cannot push`, "give the token write access to the repository")
    }).pipe(Effect.catchAll((e) => Effect.succeed(fail(`forge ${repo.name}`, message(e), "check the secret key and the stored token")))))
})
