/**
 * What differs between Gitea/Forgejo and GitHub for the calls we make; `ForgeLive` builds one client
 * over a dialect. Paths, list parameters and headers follow each forge's API documentation.
 */
import { Redacted } from "effect"
import type { ForgeTarget } from "./Forge.js"

export interface Dialect {
  readonly headers: (target: ForgeTarget) => Record<string, string>
  /** First page of open pull requests, narrowed by the forge when it can. */
  readonly listOpenUrl: (target: ForgeTarget, head: string, base: string) => string
}

const repoPath = (t: ForgeTarget) => `${t.apiBase}/repos/${encodeURIComponent(t.owner)}/${encodeURIComponent(t.name)}`

export const repoUrl = repoPath

/** Gitea and Forgejo API v1: `Authorization: token …`, `page`/`limit` pagination, no head filter. */
export const gitea: Dialect = {
  headers: (t) => (t.token === null ? {} : { authorization: `token ${Redacted.value(t.token)}` }),
  listOpenUrl: (t) => `${repoPath(t)}/pulls?state=open&limit=50&page=1`
}

/** GitHub REST v3: `Authorization: Bearer …`, versioned media type, `head=owner:branch` filter. */
export const github: Dialect = {
  headers: (t) => ({
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
    "user-agent": "devserver",
    ...(t.token === null ? {} : { authorization: `Bearer ${Redacted.value(t.token)}` })
  }),
  listOpenUrl: (t, head, base) =>
    `${repoPath(t)}/pulls?state=open&head=${encodeURIComponent(`${t.owner}:${head}`)}&base=${encodeURIComponent(base)}&per_page=100`
}
