/** git: conflicts, empty commits, rejected pushes, missing refs, detached HEAD. */
import type { Rule } from "./Rule.js"

export const vcsRules: ReadonlyArray<Rule> = [
  {
    id: "git/merge-conflict",
    class: "vcs_conflict",
    tool: "git",
    match: /^CONFLICT \(.*$/m,
    hint: "A merge conflict needs a human or a rebase of the task branch: stop and report the conflicting files."
  },
  {
    id: "git/nothing-to-commit",
    class: "vcs_nothing_to_commit",
    tool: "git",
    match: /^nothing (?:added )?to commit.*$/m,
    hint: "The attempt changed no files: make the change the task asks for, then commit."
  }
]
