/**
 * Checks made before a request reaches tRPC:
 * - Host: bound to loopback, only loopback host names are answered (a DNS-rebinding page gets nothing).
 * - Origin: anything but GET/HEAD from another origin is refused (no CSRF), whatever the login state.
 * - Login (when required): every procedure but the public ones needs a session cookie or a bearer token;
 *   SSE streams included. The principal found is handed to the tRPC context.
 */
import type * as http from "node:http"
import type { Principal } from "../trpc.js"

/** Procedures answered without login: the login page needs them. */
export const publicProcedures: ReadonlySet<string> = new Set(["auth.status", "auth.login"])

export type Refusal = { readonly status: 401 | 403 | 421; readonly code: string; readonly message: string }

const loopbackNames = new Set(["127.0.0.1", "localhost", "[::1]"])

/** The hostname of a Host header (`[::1]:7420` → `[::1]`). */
const hostName = (host: string) => (host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0] ?? "")

export const checkHost = (req: http.IncomingMessage, loopbackOnly: boolean): Refusal | null =>
  !loopbackOnly || loopbackNames.has(hostName(req.headers.host ?? ""))
    ? null
    : { status: 421, code: "FORBIDDEN", message: "this server answers only to localhost names" }

export const checkOrigin = (req: http.IncomingMessage): Refusal | null => {
  if (req.method === "GET" || req.method === "HEAD") return null
  const origin = req.headers.origin
  const crossSite = req.headers["sec-fetch-site"] === "cross-site"
  const sameOrigin = origin === undefined || origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`
  return sameOrigin && !crossSite ? null : { status: 403, code: "FORBIDDEN", message: "cross-origin request refused" }
}

/** The procedure names of a tRPC URL (`/trpc/a.b,c.d` → `["a.b", "c.d"]`). */
export const procedureNames = (pathname: string) =>
  decodeURIComponent(pathname.replace(/^\/trpc\/?/, "")).split(",").filter((p) => p !== "")

export const needsLogin = (pathname: string) => procedureNames(pathname).some((name) => !publicProcedures.has(name))

/** The bearer token of an Authorization header, if any. */
export const bearerToken = (req: http.IncomingMessage): string | null => {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")
  return match?.[1] ?? null
}

/** Writes a refusal in tRPC's error shape (one per call of a batch). */
export const refuse = (req: http.IncomingMessage, res: http.ServerResponse, refusal: Refusal) => {
  const url = new URL(req.url ?? "/", "http://localhost")
  const error = {
    error: {
      message: refusal.message,
      code: refusal.status === 401 ? -32001 : -32003,
      data: { code: refusal.status === 401 ? "UNAUTHORIZED" : refusal.code, httpStatus: refusal.status, tag: refusal.status === 401 ? "Unauthorized" : "Forbidden" }
    }
  }
  const names = procedureNames(url.pathname)
  const body = url.searchParams.get("batch") === "1" ? names.map(() => error) : error
  res.writeHead(refusal.status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body))
}

export type { Principal }
