/**
 * The forge clients over HTTP: Gitea and Forgejo (API v1) and GitHub / GitHub Enterprise (REST v3),
 * one implementation over a `Dialect`. Open pull requests are listed page by page (`Link: rel="next"`)
 * and matched on head and base branch, so a PR is found whatever page it is on.
 */
import { Effect, Layer, Option, Schema } from "effect"
import * as Dialect from "./Dialect.js"
import { Forge, ForgeError, type ForgeClient, type ForgeTarget } from "./Forge.js"
import * as Http from "./Http.js"
import { decodeList, decodeOne, RepoJson, UserJson } from "./PullRequestJson.js"

const MAX_PAGES = 50

export const client = (target: ForgeTarget): ForgeClient => {
  const dialect = target.provider === "github" ? Dialect.github : Dialect.gitea
  const headers = dialect.headers(target)
  const repo = Dialect.repoUrl(target)
  const get = (operation: string, url: string) => Http.send({ operation, method: "GET", url, headers })

  const findOpenPullRequest = Effect.fn("Forge.findOpenPullRequest")(function*(head: string, base: string) {
    let url: string | undefined = dialect.listOpenUrl(target, head, base)
    for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
      const res: Http.Response = yield* get("list pull requests", url)
      const prs = yield* decodeList("list pull requests", res.body)
      const match = prs.find((pr) => pr.state === "open" && pr.head === head && pr.base === base)
      if (match) {
        const { state: _state, ...pr } = match
        return Option.some(pr)
      }
      url = prs.length === 0 ? undefined : Http.nextLink(res.headers)
    }
    return Option.none()
  })

  return {
    findOpenPullRequest,
    createPullRequest: Effect.fn("Forge.createPullRequest")(function*(input) {
      const res = yield* Http.send({ operation: "open pull request", method: "POST", url: `${repo}/pulls`, headers, body: input })
      return yield* decodeOne("open pull request", res.body)
    }),
    updatePullRequest: Effect.fn("Forge.updatePullRequest")(function*(number, input) {
      const res = yield* Http.send({ operation: "update pull request", method: "PATCH", url: `${repo}/pulls/${number}`, headers, body: input })
      return yield* decodeOne("update pull request", res.body)
    }),
    access: Effect.fn("Forge.access")(function*() {
      const info = yield* get("read repository", repo)
      const perms = yield* Schema.decodeUnknown(RepoJson)(info.body).pipe(
        Effect.mapError(() => new ForgeError({ reason: "BadResponse", operation: "read repository", detail: "unexpected repository JSON" }))
      )
      const user = yield* get("read user", `${target.apiBase}/user`).pipe(
        Effect.flatMap((r) => Schema.decodeUnknown(UserJson)(r.body)),
        Effect.map((u) => u.login),
        // Installation and deploy tokens may read the repo but not /user.
        Effect.catchAll(() => Effect.succeed(null))
      )
      const scopes = info.headers.get("x-oauth-scopes")
      return {
        login: user,
        canPush: perms.permissions?.push === true || perms.permissions?.admin === true,
        scopes: scopes === null ? null : scopes.split(",").map((s) => s.trim()).filter(Boolean)
      }
    })
  }
}

/** The forge port over HTTP. */
export const layer = Layer.succeed(Forge, Forge.of({ client }))
