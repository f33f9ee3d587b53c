/**
 * A forge's git endpoint over HTTP on loopback: `git http-backend` behind Basic auth that accepts
 * only the given token as the password (as Gitea, Forgejo and GitHub accept tokens). Records the
 * credentials it was offered.
 */
import { Effect, type Scope } from "effect"
import { spawn } from "node:child_process"
import * as http from "node:http"
import type { AddressInfo } from "node:net"

export interface GitHttp {
  url: string
  /** The token accepted now (tests rotate it to simulate a revoked token). */
  token: string
  /** `user:password` pairs offered, in order. */
  readonly offered: Array<string>
}

export const serve = (projectRoot: string, token: string): Effect.Effect<GitHttp, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ state: GitHttp; server: http.Server }>((resume) => {
      const state: GitHttp = { url: "", token, offered: [] }
      const server = http.createServer((req, res) => {
        const auth = req.headers.authorization ?? ""
        const [user, password] = auth.startsWith("Basic ") ? Buffer.from(auth.slice(6), "base64").toString().split(":") : []
        if (auth !== "") state.offered.push(`${user}:${password}`)
        if (password !== state.token) {
          res.writeHead(401, { "www-authenticate": 'Basic realm="forge"' }).end()
          return
        }
        const url = new URL(req.url ?? "/", "http://localhost")
        const cgi = spawn("git", ["http-backend"], {
          env: {
            PATH: process.env.PATH,
            GIT_PROJECT_ROOT: projectRoot,
            GIT_HTTP_EXPORT_ALL: "1",
            REMOTE_USER: user,
            PATH_INFO: url.pathname,
            QUERY_STRING: url.search.slice(1),
            REQUEST_METHOD: req.method,
            CONTENT_TYPE: req.headers["content-type"] ?? "",
            ...(req.headers["content-encoding"] ? { HTTP_CONTENT_ENCODING: req.headers["content-encoding"] } : {})
          }
        })
        req.pipe(cgi.stdin)
        const chunks: Array<Buffer> = []
        cgi.stdout.on("data", (c: Buffer) => chunks.push(c))
        cgi.on("close", () => {
          const out = Buffer.concat(chunks)
          const split = out.indexOf("\r\n\r\n")
          const head = out.subarray(0, split).toString()
          const headers: Record<string, string> = {}
          let status = 200
          for (const line of head.split("\r\n")) {
            const [k, ...v] = line.split(":")
            if (k!.toLowerCase() === "status") status = Number(v.join(":").trim().split(" ")[0])
            else headers[k!] = v.join(":").trim()
          }
          res.writeHead(status, headers).end(out.subarray(split + 4))
        })
      })
      server.listen(0, "127.0.0.1", () => {
        state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        resume(Effect.succeed({ state, server }))
      })
    }),
    ({ server }) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))
  ).pipe(Effect.map(({ state }) => state))
