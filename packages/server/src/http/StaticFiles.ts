/**
 * The built web app: files under the web folder, and `index.html` for the app's own routes (a
 * bookmarked `/tasks/API-42` loads the app, which then routes). Hashed assets are cached for a year;
 * nothing outside the folder and no dot-file is ever served.
 */
import * as fs from "node:fs"
import type * as http from "node:http"
import * as path from "node:path"

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8"
}

/** The app's bookmarkable routes, answered with index.html. */
const appRoute = /^\/(?:tasks(?:\/[A-Za-z0-9][A-Za-z0-9_-]{0,63})?|new|templates|ideas|schedules|repos|settings|logs|login)?\/?$/

const notBuilt = `<!doctype html><meta charset="utf-8"><title>DevServer</title>
<p>The web app is not built. Run <code>npm run build -w packages/web</code>; the API is at <code>/trpc</code>.</p>`

const resolveFile = (root: string, pathname: string): string | null => {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes("\0") || decoded.split("/").some((part) => part.startsWith("."))) return null
  const file = path.resolve(root, `.${decoded}`)
  if (!file.startsWith(root + path.sep)) return null
  try {
    return fs.statSync(file).isFile() ? file : null
  } catch {
    return null
  }
}

export const makeStaticHandler = (webDir: string) => {
  const root = path.resolve(webDir)
  return (req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end()
      return
    }
    const asset = pathname === "/" ? null : resolveFile(root, pathname)
    const file = asset ?? (appRoute.test(pathname) ? path.join(root, "index.html") : null)
    if (file === null) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found")
      return
    }
    fs.stat(file, (error, stat) => {
      if (error) {
        res.writeHead(asset ? 404 : 200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
        res.end(asset ? "not found" : notBuilt)
        return
      }
      res.writeHead(200, {
        "content-type": types[path.extname(file)] ?? "application/octet-stream",
        "content-length": stat.size,
        "cache-control": pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache"
      })
      if (req.method === "HEAD") res.end()
      else fs.createReadStream(file).pipe(res)
    })
  }
}
