/**
 * Loopback stand-ins for the Gitea/Forgejo API v1 and the GitHub REST v3 API (Enterprise layout,
 * under `/api/v3`), implementing the endpoints DevServer calls as the official docs define them:
 * token auth (`Authorization: token …` for Gitea, `Bearer`/`token` for GitHub), 401 for a bad token,
 * `GET /user`, `GET /repos/{o}/{r}` with `permissions`, `GET …/pulls` with `state`, Gitea's
 * `page`/`limit` and GitHub's `head`/`base`/`per_page`/`page` and `Link` pagination, `POST …/pulls`
 * (201; "already exists" is 409 on Gitea, 422 Validation Failed on GitHub), `PATCH …/pulls/{n}`
 * (Gitea answers 201, GitHub 200). Tests script outages (`failNext`, `down`) and rate limits.
 */
import { Effect, type Scope } from "effect"
import * as http from "node:http"
import type { AddressInfo } from "node:net"

export type Flavor = "gitea" | "github"

export interface StoredPr {
  number: number
  title: string
  body: string
  head: string
  base: string
  state: "open" | "closed"
}

export interface ForgeApi {
  readonly flavor: Flavor
  /** Root to configure as the repo's API URL (`http://127.0.0.1:PORT`). */
  url: string
  readonly owner: string
  readonly name: string
  token: string
  readonly prs: Array<StoredPr>
  /** `METHOD path` of every request, with the auth scheme seen (never the token). */
  readonly requests: Array<string>
  /** Every Authorization header value received (for leak checks). */
  readonly authHeaders: Array<string>
  /** The next N requests get this status (e.g. 502) before anything else. */
  failNext: { count: number; status: number }
  /** Connections are destroyed without an answer while true. */
  down: boolean
  /** The next N requests are rate limited (Gitea/proxy: 429 + Retry-After; GitHub: 403 + x-ratelimit-*). */
  rateLimitNext: number
  /** Whether the token may push (repository permissions). */
  canPush: boolean
  /** Items per page; small values force pagination. */
  pageSize: number
}

const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { "content-type": "application/json;charset=utf-8", ...headers }).end(JSON.stringify(body))

const prJson = (api: ForgeApi, pr: StoredPr) => ({
  id: 1000 + pr.number,
  number: pr.number,
  state: pr.state,
  title: pr.title,
  body: pr.body,
  html_url: `${api.url}/${api.owner}/${api.name}/pull${api.flavor === "github" ? "" : "s"}/${pr.number}`,
  url: `${api.url}/api/${api.flavor === "github" ? "v3" : "v1"}/repos/${api.owner}/${api.name}/pulls/${pr.number}`,
  head: { label: api.flavor === "github" ? `${api.owner}:${pr.head}` : pr.head, ref: pr.head, sha: "0".repeat(40) },
  base: { label: pr.base, ref: pr.base, sha: "0".repeat(40) },
  user: { login: "devserver-bot" }
})

const readBody = (req: http.IncomingMessage) =>
  new Promise<Record<string, unknown>>((resolve) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString() || "{}"))
      } catch {
        resolve({})
      }
    })
  })

const handle = async (api: ForgeApi, req: http.IncomingMessage, res: http.ServerResponse) => {
  const url = new URL(req.url ?? "/", api.url)
  const prefix = api.flavor === "github" ? "/api/v3" : "/api/v1"
  const auth = req.headers.authorization ?? ""
  api.authHeaders.push(auth)
  api.requests.push(`${req.method} ${url.pathname}${url.search} [${auth.split(" ")[0] || "none"}]`)
  if (api.failNext.count > 0) {
    api.failNext.count--
    return json(res, api.failNext.status, { message: "Bad Gateway" })
  }
  if (api.rateLimitNext > 0) {
    api.rateLimitNext--
    if (api.flavor === "github") {
      return json(res, 403, { message: "API rate limit exceeded for user ID 1.", documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting" }, {
        "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-used": "5000", "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 1)
      })
    }
    return json(res, 429, { message: "Too Many Requests" }, { "retry-after": "1" })
  }
  const schemes = api.flavor === "github" ? ["Bearer", "token"] : ["token", "Bearer"]
  const [scheme, given] = auth.split(" ")
  if (!schemes.includes(scheme ?? "") || given !== api.token) {
    return api.flavor === "github"
      ? json(res, 401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" })
      : json(res, 401, { message: "user does not exist [uid: 0, name: ]", url: `${api.url}/api/swagger` })
  }
  if (api.flavor === "github" && !req.headers["user-agent"]) return json(res, 403, { message: "Request forbidden by administrative rules. Please make sure your request has a User-Agent header" })
  if (!url.pathname.startsWith(prefix)) return json(res, 404, { message: "Not Found" })
  const path = url.pathname.slice(prefix.length)
  if (req.method === "GET" && path === "/user") return json(res, 200, { id: 1, login: "devserver-bot" })
  const repoPath = `/repos/${api.owner}/${api.name}`
  if (!path.startsWith(repoPath)) return json(res, 404, { message: "Not Found" })
  const rest = path.slice(repoPath.length)
  const scopes = api.flavor === "github" ? { "x-oauth-scopes": api.canPush ? "repo, workflow" : "read:org", "x-accepted-oauth-scopes": "repo" } : {}
  if (req.method === "GET" && rest === "") {
    return json(res, 200, { id: 7, name: api.name, full_name: `${api.owner}/${api.name}`, default_branch: "main", permissions: { admin: false, push: api.canPush, pull: true } }, scopes)
  }
  if (req.method === "GET" && rest === "/pulls") {
    const state = url.searchParams.get("state") ?? "open"
    let list = api.prs.filter((p) => state === "all" || p.state === state)
    if (api.flavor === "github") {
      const head = url.searchParams.get("head")
      const base = url.searchParams.get("base")
      if (head) list = list.filter((p) => `${api.owner}:${p.head}` === head)
      if (base) list = list.filter((p) => p.base === base)
    }
    list = [...list].sort((a, b) => b.number - a.number)
    const sizeParam = url.searchParams.get(api.flavor === "github" ? "per_page" : "limit")
    const size = Math.min(api.pageSize, Number(sizeParam ?? 30))
    const page = Number(url.searchParams.get("page") ?? 1)
    const slice = list.slice((page - 1) * size, page * size)
    const headers: Record<string, string> = api.flavor === "gitea" ? { "x-total-count": String(list.length) } : {}
    if (page * size < list.length) {
      const next = new URL(url)
      next.searchParams.set("page", String(page + 1))
      headers.link = `<${next.toString()}>; rel="next", <${url.origin}${url.pathname}?page=${Math.ceil(list.length / size)}>; rel="last"`
    }
    return json(res, 200, slice.map((p) => prJson(api, p)), headers)
  }
  if (req.method === "POST" && rest === "/pulls") {
    if (!api.canPush) return json(res, 403, { message: "Must have push access to repository" })
    const body = await readBody(req)
    const head = String(body.head ?? "").replace(new RegExp(`^${api.owner}:`), "")
    const existing = api.prs.find((p) => p.state === "open" && p.head === head && p.base === body.base)
    if (existing) {
      return api.flavor === "github"
        ? json(res, 422, { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${api.owner}:${head}.` }], documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request", status: "422" })
        : json(res, 409, { message: `pull request already exists for these targets [id: ${1000 + existing.number}, issue_id: ${existing.number}, head_repo_id: 7, base_repo_id: 7, headBranch: ${head}, baseBranch: ${existing.base}]`, url: `${api.url}/api/swagger` })
    }
    const pr: StoredPr = { number: api.prs.length + 1, title: String(body.title), body: String(body.body ?? ""), head, base: String(body.base), state: "open" }
    api.prs.push(pr)
    return json(res, 201, prJson(api, pr))
  }
  const edit = /^\/pulls\/(\d+)$/.exec(rest)
  if (req.method === "PATCH" && edit) {
    const pr = api.prs.find((p) => p.number === Number(edit[1]))
    if (!pr) return json(res, 404, { message: "Not Found" })
    const body = await readBody(req)
    if (typeof body.title === "string") pr.title = body.title
    if (typeof body.body === "string") pr.body = body.body
    return json(res, api.flavor === "github" ? 200 : 201, prJson(api, pr))
  }
  return json(res, 404, { message: "Not Found" })
}

/** Serves one repository `owner/name` of the given flavor for the scope's lifetime. */
export const serve = (flavor: Flavor, options: { token: string; owner?: string; name?: string }): Effect.Effect<ForgeApi, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ api: ForgeApi; server: http.Server }>((resume) => {
      const api: ForgeApi = {
        flavor, url: "", owner: options.owner ?? "acme", name: options.name ?? "app", token: options.token,
        prs: [], requests: [], authHeaders: [], failNext: { count: 0, status: 502 }, down: false, rateLimitNext: 0, canPush: true, pageSize: 30
      }
      const server = http.createServer((req, res) => {
        if (api.down) return void req.socket.destroy()
        handle(api, req, res).catch(() => json(res, 500, { message: "test server error" }))
      })
      server.listen(0, "127.0.0.1", () => {
        api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        resume(Effect.succeed({ api, server }))
      })
    }),
    ({ server }) => Effect.async<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
  ).pipe(Effect.map(({ api }) => api))
