/**
 * Preflight: the checks on a task's commits before anything leaves the machine. Commit author is the
 * agent identity; no forbidden files; no secrets in added lines (`SecretScan`, minus ignore globs);
 * no file over the size limit; when a plan exists, only its files (scope). A hard violation blocks
 * delivery; scope creep alone is soft (the pipeline retries with a hint).
 */
import { Effect, Schema } from "effect"
import ignore from "ignore"
import type { GitEnv } from "../workspace/Git.js"
import * as Git from "../workspace/Git.js"
import * as AddedLines from "./AddedLines.js"
import { forbiddenReason } from "./ForbiddenFiles.js"
import { scanText } from "./SecretScan.js"

export { type Finding, scanText } from "./SecretScan.js"

/** One reason not to deliver. */
export const Violation = Schema.Struct({
  rule: Schema.Literal("author", "forbidden_file", "secret", "file_size", "scope"),
  file: Schema.String,
  line: Schema.optional(Schema.Int),
  /** For secrets: the kind (`aws_access_key`, …); never the secret. */
  kind: Schema.optional(Schema.String),
  hard: Schema.Boolean,
  detail: Schema.String
})
export type Violation = typeof Violation.Type

export interface PreflightReport {
  /** No hard violation and no scope creep. */
  readonly ok: boolean
  /** Files changed between base and head. */
  readonly files: number
  readonly violations: ReadonlyArray<Violation>
}

export interface PreflightInput {
  /** A checkout holding the commits. */
  readonly cwd: string
  /** The commit the task's work started from; `head` defaults to HEAD. */
  readonly base: string
  readonly head?: string
  /** The agent identity every commit must be authored by. */
  readonly authorEmail: string
  /** The plan's `files_to_touch` (gitignore-style patterns); absent = no scope check. */
  readonly allowList?: ReadonlyArray<string> | null
  /** Files the secret scan skips (gitignore-style patterns). */
  readonly ignoreGlobs?: ReadonlyArray<string>
  /** Largest file delivered, in bytes (default 1 MiB). */
  readonly maxFileBytes?: number
}

/** Git could not read the commits (a broken checkout, a base that does not exist). */
export class PreflightError extends Schema.TaggedError<PreflightError>()("PreflightError", {
  detail: Schema.String
}) {
  override get message() {
    return `preflight could not read the changes: ${this.detail}`
  }
}

export const MAX_FILE_BYTES = 1024 * 1024

/** Runs every check; violations are data, only an unreadable repository is an error. */
export const check = (input: PreflightInput, env: GitEnv): Effect.Effect<PreflightReport, PreflightError> =>
  Effect.gen(function*() {
    const git = Git.client(input.cwd, env)
    const head = input.head ?? "HEAD"
    const range = `${input.base}..${head}`
    const raw = (args: Array<string>) =>
      Effect.tryPromise({ try: () => git.raw(args), catch: (e) => new PreflightError({ detail: e instanceof Error ? e.message.split("\n")[0]! : String(e) }) })
    const violations: Array<Violation> = []

    for (const line of (yield* raw(["log", "--format=%h%x00%ae", range])).split("\n").filter(Boolean)) {
      const [sha, author] = line.split("\0")
      if (author !== input.authorEmail) {
        violations.push({ rule: "author", file: "", hard: true, detail: `commit ${sha} is by ${author}, not the agent identity ${input.authorEmail}` })
      }
    }

    const changed = (yield* raw(["diff", "--name-status", "--no-renames", "-z", input.base, head])).split("\0").filter(Boolean)
    const present: Array<string> = []
    for (let i = 0; i + 1 < changed.length; i += 2) if (changed[i] !== "D") present.push(changed[i + 1]!)
    for (const file of present) {
      const reason = forbiddenReason(file)
      if (reason) violations.push({ rule: "forbidden_file", file, hard: true, detail: `${reason} must not be delivered` })
    }

    const max = input.maxFileBytes ?? MAX_FILE_BYTES
    if (present.length > 0) {
      for (const entry of (yield* raw(["ls-tree", "-l", "-z", head, "--", ...present])).split("\0").filter(Boolean)) {
        const [meta, file] = entry.split("\t")
        const size = Number(meta!.trim().split(/\s+/)[3])
        if (size > max) violations.push({ rule: "file_size", file: file!, hard: true, detail: `${size} bytes, over the ${max}-byte limit` })
      }
    }

    if (input.allowList) {
      const allowed = ignore().add([...input.allowList])
      for (const file of present) {
        if (!allowed.ignores(file)) violations.push({ rule: "scope", file, hard: false, detail: "not in the plan's files to touch" })
      }
    }

    const skipped = ignore().add([...(input.ignoreGlobs ?? [])])
    const diff = yield* raw(["diff", "--no-color", "--no-ext-diff", "--no-renames", "-U0", input.base, head])
    for (const added of AddedLines.parse(diff)) {
      if (skipped.ignores(added.file)) continue
      for (const f of yield* scanText(added.lines.join("\n"), added.file, added.lineNumbers)) {
        violations.push({ rule: "secret", file: f.file, line: f.line, kind: f.kind, hard: true, detail: `${f.kind} (${f.rule}) ${f.masked}` })
      }
    }
    return { ok: violations.length === 0, files: present.length, violations }
  })
