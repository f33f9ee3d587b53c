/**
 * The repo map: a compact, ranked picture of a repository for an agent's first prompt. Files and their
 * top symbols (classes, interfaces, types, functions, methods, ...), ranked by how much the rest of the
 * repository refers to them and by what the task mentions, fitted to a token budget.
 *
 * Failures: only a bad root or bad options fail a build. An unreadable file or folder is left out, a
 * grammar that does not load falls back to regexes, and a cache that cannot be written is logged and
 * ignored: the map is a hint, and a partial one is better than none.
 */
import { Context, Schema } from "effect"
import type { Effect } from "effect"

/** What to map for. Every field is optional. */
export const BuildOptions = Schema.Struct({
  /** The task's text: identifiers and paths in it pull their files and symbols to the top. */
  taskText: Schema.optional(Schema.String),
  /** Files the task is about (relative to the root, or absolute); they are ranked first. */
  mentionedFiles: Schema.optional(Schema.Array(Schema.String)),
  /** The size of the map in tokens (estimated as characters / 4). Default 1,000; the fit is within 15 %. */
  tokenBudget: Schema.optional(Schema.Int.pipe(Schema.between(16, 1_000_000))),
  /**
   * Names the tree across checkouts (the repository): every checkout with the same key shares one tag
   * cache, so a new worktree of a mapped repository reads and hashes its files but parses only the
   * changed ones. Default: the root's path.
   */
  cacheKey: Schema.optional(Schema.String.pipe(Schema.minLength(1)))
})
export type BuildOptions = typeof BuildOptions.Type

/** The default budget in tokens. */
export const defaultTokenBudget = 1000

/** Figures for the `repo_map_built` event. */
export const RepoMapStats = Schema.Struct({
  /** Source files read (after the skip rules). */
  files: Schema.Number,
  /** Definitions found in them. */
  symbols: Schema.Number,
  /** Definitions shown in the map. */
  shownSymbols: Schema.Number,
  /** Characters of the map text. */
  chars: Schema.Number,
  /** Estimated tokens of the map text. */
  tokens: Schema.Number,
  /** Whether the budget cut the map short. */
  truncated: Schema.Boolean,
  /** Wall time of the build in milliseconds. */
  ms: Schema.Number,
  /** Files whose tags came from the cache (unchanged since the last build). */
  cacheHits: Schema.Number,
  /** Files extracted in this build. */
  parsed: Schema.Number,
  /**
   * Files mapped from provisional regex tags, whose tree-sitter extraction runs in the background after
   * the build (a large cold tree); 0 once the tree is fully extracted. The shown definitions never are.
   */
  provisional: Schema.Number
})
export type RepoMapStats = typeof RepoMapStats.Type

/** A built map. */
export interface RepoMapResult {
  /** The map, ready to paste into a prompt. */
  readonly text: string
  /** Files shown in the map, in the order shown. */
  readonly files: ReadonlyArray<string>
  readonly stats: RepoMapStats
}

/** A build that could not start: the root is missing or not a folder, or the options are invalid. */
export class RepoMapError extends Schema.TaggedError<RepoMapError>()("RepoMapError", {
  root: Schema.String,
  reason: Schema.Literal("RootNotFound", "NotADirectory", "InvalidOptions"),
  detail: Schema.optional(Schema.String),
  cause: Schema.optional(Schema.Defect)
}) {
  override get message(): string {
    return `Repo map of ${this.root}: ${this.reason}${this.detail ? ` (${this.detail})` : ""}`
  }
}

/** Builds repo maps. Implementations: `RepoMapLive` (tree-sitter, cached) and `RepoMapMemory` (scripted). */
export class RepoMap extends Context.Tag("@devserver/core/repomap/RepoMap")<
  RepoMap,
  {
    /**
     * Maps the repository at `root` for a task. Unchanged files come from the cache, so repeated builds
     * of the same tree cost little more than a walk. Fails only with `RepoMapError`.
     */
    readonly build: (root: string, options?: BuildOptions) => Effect.Effect<RepoMapResult, RepoMapError>
  }
>() {}
