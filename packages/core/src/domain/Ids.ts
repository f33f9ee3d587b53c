/**
 * Identifiers that end up in file names, branch names and shell commands, so they are validated
 * strictly: no spaces, no `..`, no `/`, no shell metacharacters, bounded length.
 */
import { Schema } from "effect"

/** A task key such as `API-42`: letters, digits, `-` and `_`, starting with a letter or digit, 1–64 chars. */
export const TaskKey = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
    message: () => "a task key is 1–64 letters, digits, '-' or '_', starting with a letter or digit"
  }),
  Schema.brand("TaskKey")
)
export type TaskKey = typeof TaskKey.Type

/** A repo name: a lower-case slug, unique in the installation. */
export const RepoName = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9][a-z0-9_-]{0,62}$/, {
    message: () => "a repo name is 1–63 lower-case letters, digits, '-' or '_', starting with a letter or digit"
  }),
  Schema.brand("RepoName")
)
export type RepoName = typeof RepoName.Type

/** The prefix of generated keys for a repo's tasks: `api-server` gives `APISERVER`. */
export const keyPrefix = (repoName: string | null): string => {
  const letters = (repoName ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 10)
  return letters.length > 0 ? letters : "TASK"
}
