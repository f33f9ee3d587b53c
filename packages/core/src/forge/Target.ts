/** Where a stored repo lives on its forge: API root, owner/name, and the user name git sends with a token. */
import type { Redacted } from "effect"
import type { Repo } from "../domain/Repo.js"
import type { ForgeTarget } from "./Forge.js"

/** The user name paired with a token over HTTPS (GitHub wants `x-access-token` for app tokens). */
export const gitUsername = (provider: Repo["provider"]): string => (provider === "github" ? "x-access-token" : "devserver")

const trimSlash = (url: string) => url.replace(/\/+$/, "")

/** `owner/name` from the repo's setting, else from the clone URL's last two path segments. */
export const ownerAndName = (repo: Repo): { owner: string; name: string } | undefined => {
  const source = repo.forgeRepo !== "" ? repo.forgeRepo : repo.cloneUrl.replace(/^[\w.-]+@[\w.-]+:/, "/").replace(/^[a-z+]+:\/\/[^/]+/i, "")
  const parts = source.replace(/\.git$/, "").split("/").filter(Boolean)
  if (parts.length < 2) return undefined
  return { owner: parts[parts.length - 2]!, name: parts[parts.length - 1]! }
}

/**
 * The API root: Gitea/Forgejo `…/api/v1` (from `apiUrl`, else the clone URL's origin); GitHub
 * `https://api.github.com` when `apiUrl` is empty, Enterprise `https://HOST/api/v3`.
 */
export const apiBase = (repo: Repo): string | undefined => {
  if (repo.provider === "github") {
    if (repo.apiUrl === "") return "https://api.github.com"
    const base = trimSlash(repo.apiUrl)
    return /\/api\/v3$/.test(base) || /\/\/api\.github\.com$/.test(base) ? base : `${base}/api/v3`
  }
  const origin = repo.apiUrl !== "" ? trimSlash(repo.apiUrl) : /^https?:\/\/[^/]+/i.exec(repo.cloneUrl)?.[0]
  if (origin === undefined) return undefined
  return /\/api\/v1$/.test(origin) ? origin : `${origin}/api/v1`
}

/** The target of a forge repo, or why there is none. */
export const targetOf = (repo: Repo, token: Redacted.Redacted<string> | null): ForgeTarget | string => {
  if (repo.provider === "local") return "a local repo has no forge"
  const where = ownerAndName(repo)
  if (where === undefined) return "owner/name unknown: set the repo's forge repo (owner/name)"
  const base = apiBase(repo)
  if (base === undefined) return "forge API URL unknown: set the repo's API URL"
  return { provider: repo.provider, apiBase: base, owner: where.owner, name: where.name, token }
}
