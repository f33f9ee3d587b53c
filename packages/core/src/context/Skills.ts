/**
 * Skills: folders holding a `SKILL.md` (front matter with `name` and `description`, then a markdown
 * body) that a task or template names; their text goes into the agent's prompt. They are looked up
 * in the repository's `.devserver/skills/<name>/` first, then in the data folder's `skills/<name>/`.
 * A named skill that is found nowhere is reported, not silently skipped.
 */
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { Effect } from "effect"

export interface Skill {
  readonly name: string
  readonly description: string
  readonly body: string
  readonly path: string
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/

/** Parses a SKILL.md: optional `---` front matter of `key: value` lines, then the body. */
export const parse = (text: string, fallbackName: string, file: string): Skill => {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text)
  const fields = new Map<string, string>()
  for (const line of (match?.[1] ?? "").split(/\r?\n/)) {
    const kv = /^([A-Za-z_-]+):\s*(.*)$/.exec(line)
    if (kv) fields.set(kv[1]!.toLowerCase(), kv[2]!.replace(/^["']|["']$/g, "").trim())
  }
  return { name: fields.get("name") ?? fallbackName, description: fields.get("description") ?? "", body: (match?.[2] ?? text).trim(), path: file }
}

/** The named skills from the given roots (first root that has one wins), and the names found nowhere. */
export const load = (names: ReadonlyArray<string>, roots: ReadonlyArray<string>) =>
  Effect.promise(async () => {
    const found: Array<Skill> = []
    const missing: Array<string> = []
    for (const name of names) {
      if (!NAME.test(name)) {
        missing.push(name)
        continue
      }
      let skill: Skill | null = null
      for (const root of roots) {
        const file = path.join(root, name, "SKILL.md")
        const text = await fs.readFile(file, "utf8").catch(() => null)
        if (text !== null) {
          skill = parse(text, name, file)
          break
        }
      }
      if (skill === null) missing.push(name)
      else found.push(skill)
    }
    return { found, missing }
  })

/** The prompt section for loaded skills. */
export const section = (skills: ReadonlyArray<Skill>): string =>
  skills.map((s) => `### ${s.name}${s.description === "" ? "" : ` — ${s.description}`}\n${s.body}`).join("\n\n")

/** Where skills are looked up for a worktree. */
export const roots = (worktree: string, dataDir: string) => [path.join(worktree, ".devserver", "skills"), path.join(dataDir, "skills")]
