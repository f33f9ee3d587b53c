/** git: conflicts, empty commits, rejected pushes, missing refs, detached HEAD. */
import type { Rule } from "./Rule.js"

export const vcsRules: ReadonlyArray<Rule> = [
  {
    id: "git/merge-conflict",
    class: "vcs_conflict",
    tool: "git",
    match: /^CONFLICT \(|Automatic merge failed|^error: could not apply |You have unmerged paths|needs merge$|you need to resolve your current index first|Committing is not possible because you have unmerged files|Exiting because of an unresolved conflict/m,
    hint: "The branch conflicts with its base: stop and report the conflicting files; a retry cannot resolve it without a human decision or a fresh branch.",
    context: 4
  },
  {
    id: "git/nothing-to-commit",
    class: "vcs_nothing_to_commit",
    tool: "git",
    match: /^nothing (?:added )?to commit|^no changes added to commit/m,
    hint: "The attempt changed no files: make the change the task asks for (or explain why none is needed) before committing."
  },
  {
    id: "git/detached-head",
    class: "vcs_detached_head",
    tool: "git",
    match: /fatal: You are not currently on a branch|fatal: ref HEAD is not a symbolic ref|fatal: HEAD does not point to a branch|when it does not point to any branch/,
    hint: "HEAD is detached: switch back to the task branch (git switch <branch>) and commit there; do not create a new branch."
  },
  {
    id: "git/ref-not-found",
    class: "vcs_ref_not_found",
    tool: "git",
    match: /did not match any file\(s\) known to git|couldn't find remote ref|fatal: invalid reference|unknown revision or path not in the working tree|src refspec \S+ does not match any|fatal: Needed a single revision|is not a commit and a branch .* cannot be created|invalid upstream/,
    hint: "A branch, tag or commit named in the command does not exist: list the refs (git branch -a, git log --oneline) and use an existing one; do not invent a new ref."
  },
  {
    id: "git/push-rejected",
    class: "vcs_push_rejected",
    tool: "git",
    match: /^ ! \[(?:remote )?rejected\]|failed to push some refs|Updates were rejected because/m,
    hint: "The push was rejected (the remote moved on, or a hook or branch protection refused it): fetch, rebase the task branch on the remote one, run the checks again, then push; never force-push.",
    context: 3
  }
]
