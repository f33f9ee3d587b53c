/**
 * The agent's prompt (PRODUCT §5.4). The first prompt of a task carries the task and the working
 * rules; a run that resumes the agent's session sends only a short continuation (the session already
 * holds the task), which later issues extend with the remediation block. Repo map, reality signal,
 * memory and plan are added by the steps that produce them.
 */
import type { Repo } from "../domain/Repo.js"
import type { Task } from "../domain/Task.js"
import type { Worktree } from "../workspace/Workspace.js"

export interface PromptContext {
  readonly task: Task
  readonly repo: Repo | null
  readonly worktree: Worktree
  /** Extra sections (repo map, memory, plan, remediation), in order. */
  readonly sections?: ReadonlyArray<{ readonly title: string; readonly body: string }>
}

const rules = (task: Task, repo: Repo | null): Array<string> => [
  "Read the repository's own agent notes (AGENTS.md, CLAUDE.md) first if they exist.",
  "Follow the existing patterns of the code base; keep the change minimal and focused on this task.",
  "Satisfy the acceptance criteria.",
  task.gitFlow === "untracked" ? "Do not commit: leave your changes in the working tree." : "You may leave your changes uncommitted; DevServer commits them.",
  ...(repo?.provider === "local" ? ["This is the user's own folder: never touch git remotes (no fetch, pull, push)."] : []),
  ...(task.skipVerification ? ["Do not run the test suite."] : [])
]

/** The first prompt of a task. */
export const initial = ({ repo, sections = [], task, worktree }: PromptContext): string =>
  [
    `Task ${task.key}: ${task.title}`,
    repo ? `Repository: ${repo.name}, branch ${worktree.branch} (working directory ${worktree.path}).` : `Working directory: ${worktree.path}.`,
    ...(task.description.trim() === "" ? [] : ["", "## Description", task.description.trim()]),
    ...(task.acceptance.trim() === "" ? [] : ["", "## Acceptance criteria", task.acceptance.trim()]),
    ...sections.flatMap((s) => ["", `## ${s.title}`, s.body.trim()]),
    "",
    "## Instructions",
    ...rules(task, repo).map((r) => `- ${r}`)
  ].join("\n")

/** The prompt of a run that resumes the agent's session. */
export const resume = ({ sections = [], task }: PromptContext): string =>
  [
    `Continue task ${task.key} where you stopped, and finish it.`,
    ...sections.flatMap((s) => ["", `## ${s.title}`, s.body.trim()])
  ].join("\n")

/** For the `command` vendor the "prompt" is the command line: the description, else the title. */
export const command = (task: Task): string => (task.description.trim() !== "" ? task.description.trim() : task.title)
