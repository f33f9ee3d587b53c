/** A bare repository standing in for a forge (`file://` clone URL), seeded with one commit on main. */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"

const git = (cwd: string, ...args: Array<string>) =>
  execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, GIT_AUTHOR_NAME: "Seed", GIT_AUTHOR_EMAIL: "seed@example.com", GIT_COMMITTER_NAME: "Seed", GIT_COMMITTER_EMAIL: "seed@example.com" } }).trim()

export const run = git

/** Creates `<dir>/forge.git` with README.md on `main`; returns its file:// URL and path. */
export const make = (dir: string): { readonly url: string; readonly path: string } => {
  const bare = path.join(dir, "forge.git")
  const seed = path.join(dir, "seed")
  git(dir, "init", "--quiet", "--bare", "-b", "main", bare)
  git(dir, "clone", "--quiet", bare, seed)
  fs.writeFileSync(path.join(seed, "README.md"), "# demo\n")
  git(seed, "add", "README.md")
  git(seed, "commit", "--quiet", "-m", "initial")
  git(seed, "push", "--quiet", "origin", "HEAD:main")
  return { url: `file://${bare}`, path: bare }
}

/** A new git checkout in a fresh folder under `parent`, with `file` committed on `main`; returns its path. */
export const checkout = (parent: string, file = "README.md", content = "# app\n"): string => {
  const dir = fs.mkdtempSync(path.join(parent, "checkout-"))
  git(dir, "init", "--quiet", "-b", "main")
  fs.writeFileSync(path.join(dir, file), content)
  git(dir, "add", file)
  git(dir, "commit", "--quiet", "-m", "base")
  return dir
}
