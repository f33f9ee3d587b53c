/**
 * `repo test`: can DevServer reach this repo the way delivery will? Clone access over git with the
 * repo's token (askpass, as for pushes), and the forge API: the token is accepted, sees the repository
 * and may push (and, on GitHub, carries a scope that allows it). One check per line, each with a
 * message that says what to fix. Local repos: the folder is still a git checkout on its branch.
 */
import { Config, Context, Effect, Layer, Option, type Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { NotFound, StoreError } from "../domain/Errors.js"
import type { Repo } from "../domain/Repo.js"
import { Forge, type ForgeError } from "../forge/Forge.js"
import * as ForgeLive from "../forge/ForgeLive.js"
import { gitUsername, targetOf } from "../forge/Target.js"
import { DataDir } from "../store/DataDir.js"
import { Repos } from "../store/Repos.js"
import type { SecretError } from "../secrets/SecretBox.js"
import * as Git from "../workspace/Git.js"
import * as WorkspaceLive from "../workspace/WorkspaceLive.js"
import * as Push from "./Push.js"

export interface Check {
  readonly name: "checkout" | "token" | "clone" | "api" | "push"
  readonly ok: boolean
  readonly message: string
}

export interface RepoCheckService {
  /** Runs every check of the repo; failures are checks with `ok: false`, only lookups fail the effect. */
  readonly test: (name: string) => Effect.Effect<ReadonlyArray<Check>, NotFound | StoreError | SecretError>
}

export class RepoCheck extends Context.Tag("@devserver/core/delivery/RepoCheck")<RepoCheck, RepoCheckService>() {}

const explain = (what: string, where: string, e: ForgeError): string => {
  switch (e.reason) {
    case "Auth":
      return `${what}: the forge rejected the token${e.status ? ` (HTTP ${e.status})` : ""}; check it is valid, not expired, and allowed on ${where}`
    case "NotFound":
      return `${what}: ${where} not found, or the token cannot see it; check the owner/name and the token's access`
    case "RateLimited":
      return `${what}: rate limited by the forge; try again in ${Math.ceil((e.retryAfterMs ?? 60_000) / 1000)} s`
    case "Transport":
      return `${what}: cannot reach ${where}: ${e.detail}`
    default:
      return `${what}: unexpected answer from ${where}: ${e.detail}`
  }
}

export const make = (settings: { readonly env: Git.GitEnv; readonly globalToken: Option.Option<Redacted.Redacted<string>> }) =>
  Effect.gen(function*() {
    const repos = yield* Repos
    const forge = yield* Forge
    const dataDir = (yield* DataDir).path

    const local = (repo: Repo): Effect.Effect<ReadonlyArray<Check>> =>
      Effect.promise(() => Git.client(repo.localPath, settings.env).raw(["rev-parse", "--abbrev-ref", "HEAD"]).then((b) => b.trim(), () => null)).pipe(
        Effect.map((branch) => [
          branch === null || !fs.existsSync(path.join(repo.localPath, ".git"))
            ? { name: "checkout", ok: false, message: `${repo.localPath} is not a git checkout any more` }
            : { name: "checkout", ok: true, message: `${repo.localPath} is a git checkout on ${branch}` }
        ])
      )

    const remote = (repo: Repo, token: Redacted.Redacted<string> | null) =>
      Effect.gen(function*() {
        const checks: Array<Check> = [token === null
          ? { name: "token", ok: false, message: "no token: set one on the repo (or DEVSERVER_FORGE_TOKEN); pushes and pull requests need it" }
          : { name: "token", ok: true, message: "a token is set (stored encrypted)" }]
        const auth = token === null ? undefined : { askpass: Git.ensureAskpass(path.join(dataDir, "bin")), username: gitUsername(repo.provider), token }
        fs.mkdirSync(dataDir, { recursive: true })
        const heads = yield* Effect.either(Push.remote(dataDir, settings.env, auth, "clone", ["ls-remote", "--heads", repo.cloneUrl, repo.defaultBranch]))
        checks.push(heads._tag === "Left"
          ? { name: "clone", ok: false, message: explain("clone", repo.cloneUrl, heads.left) }
          : heads.right.includes(`refs/heads/${repo.defaultBranch}`)
          ? { name: "clone", ok: true, message: `${repo.cloneUrl} is readable; ${repo.defaultBranch} exists` }
          : { name: "clone", ok: false, message: `clone: ${repo.cloneUrl} is readable but has no branch ${repo.defaultBranch}; set the repo's default branch` })
        const target = targetOf(repo, token)
        if (typeof target === "string") return [...checks, { name: "api", ok: false, message: `api: ${target}` } satisfies Check]
        const where = `${target.owner}/${target.name} at ${target.apiBase}`
        const access = yield* Effect.either(forge.client(target).access())
        if (access._tag === "Left") return [...checks, { name: "api", ok: false, message: explain("api", where, access.left) } satisfies Check]
        const a = access.right
        checks.push({ name: "api", ok: true, message: `api: ${where} answers${a.login ? `, token of ${a.login}` : ""}` })
        const scopeOk = a.scopes === null || a.scopes.length === 0 || a.scopes.some((s) => s === "repo" || s === "public_repo")
        checks.push(a.canPush && scopeOk
          ? { name: "push", ok: true, message: "push: the token may push and open pull requests" }
          : {
            name: "push", ok: false,
            message: `push: the token cannot push to ${target.owner}/${target.name}${a.scopes === null ? "" : ` (scopes: ${a.scopes.join(", ") || "none"})`}; it needs write access (Gitea/Forgejo: write:repository; GitHub: contents and pull requests write, or the repo scope)`
          })
        return checks
      })

    return RepoCheck.of({
      test: Effect.fn("RepoCheck.test")(function*(name: string) {
        const repo = yield* repos.get(name)
        if (repo.provider === "local") return yield* local(repo)
        const token = Option.getOrNull(Option.orElse(yield* repos.token(name), () => settings.globalToken))
        return yield* remote(repo, token)
      })
    })
  })

const config = Config.all({ workspace: WorkspaceLive.config, globalToken: Config.option(Config.redacted("DEVSERVER_FORGE_TOKEN")) })

/** The check over the real forge, configured from Config. */
export const layer = Layer.effect(RepoCheck, Effect.flatMap(config, ({ globalToken, workspace }) => make({ env: workspace.env, globalToken }))).pipe(
  Layer.provide(ForgeLive.layer)
)
