/**
 * The agent's prompt. The first prompt of a task carries the task and the working
 * rules. A retry that resumes the agent's session sends only the remediation block (the session
 * already holds the task: fewer tokens); a retry that cannot resume (another vendor, no session, the
 * `command` vendor) sends the full prompt with the block as its last section. After max turns the
 * resumed session gets a short "continue". Repo map, reality signal, memory and plan are added by the
 * steps that produce them.
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

/** The title of the section that carries the last failure in a full prompt. */
export const remediationTitle = "The previous attempt failed"

/** A full prompt for a retry that cannot resume: the task, then the remediation block. */
export const retry = (context: PromptContext, remediation: string): string =>
  initial({ ...context, sections: [...(context.sections ?? []), { title: remediationTitle, body: remediation }] })

/** The title of the section with the condensed earlier attempts. */
export const compactedTitle = "Earlier attempts, condensed"

/** A full prompt whose earlier attempts come condensed (five sections) instead of the raw evidence. */
export const compacted = (context: PromptContext, block: string): string =>
  initial({ ...context, sections: [...(context.sections ?? []).filter((x) => x.title !== compactedTitle), { title: compactedTitle, body: block }] })

/** A full prompt: the condensed earlier attempts when just compacted, else the last failure's block, else the first prompt. */
export const full = (context: PromptContext, condensed: string | null, remediation: string | null): string =>
  condensed !== null ? compacted(context, condensed) : remediation === null ? initial(context) : retry(context, remediation)

/** The prompt of a resumed session after a failed attempt: only the remediation block. */
export const remediation = (task: Task, block: string): string =>
  [`Task ${task.key} is not finished: the last attempt failed.`, "", block.trim()].join("\n")

/** The prompt of a resumed session that ran out of turns. */
export const continuation = (task: Task): string =>
  `You reached the turn limit before finishing task ${task.key}. Continue exactly where you stopped; do not redo finished work.`
