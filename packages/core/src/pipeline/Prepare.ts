/**
 * The context step: the task's repo, its vendor legs (primary, then the backup
 * vendor or model), its verification commands, the workspace, and the repo map for a full prompt
 * (built lazily, once: a resumed session does not need it; `repo_map_built`; its tag cache is the
 * repository's, so a new task's worktree parses only the files that differ from earlier tasks'). A local repo the user
 * must act on first (uncommitted work, a refused flow) blocks the task.
 */
import { Effect } from "effect"
import type { Repo } from "../domain/Repo.js"
import type { Task } from "../domain/Task.js"
import type { RepoMap } from "../repomap/RepoMap.js"
import type { Events } from "../store/Events.js"
import type { Repos } from "../store/Repos.js"
import type { Settings } from "../store/Settings.js"
import { commandsFor, type VerifyCommands } from "../verify/Verify.js"
import type { Workspace, Worktree } from "../workspace/Workspace.js"
import type { Leg } from "./Attempt.js"

export interface Prepared {
  readonly repo: Repo | null
  readonly worktree: Worktree
  readonly legs: ReadonlyArray<Leg>
  readonly verifyCommands: VerifyCommands
  readonly sections: Effect.Effect<ReadonlyArray<{ readonly title: string; readonly body: string }>>
}

export interface PrepareServices {
  readonly repos: typeof Repos.Service
  readonly settings: typeof Settings.Service
  readonly workspace: typeof Workspace.Service
  readonly repoMap: typeof RepoMap.Service
  readonly events: typeof Events.Service
}

/** Primary leg, then the backup: another vendor (`vendor_failover`) or only another model (`backup_model_switch`). */
export const legsOf = (task: Task, primary: Leg): ReadonlyArray<Leg> => {
  const backup: Leg | null = task.backupVendor !== null
    ? { vendor: task.backupVendor, model: task.backupModel }
    : task.backupModel !== null
    ? { vendor: primary.vendor, model: task.backupModel }
    : null
  const same = backup !== null && backup.vendor === primary.vendor && backup.model === primary.model
  return backup === null || same ? [primary] : [primary, backup]
}

export const make = (s: PrepareServices) =>
  Effect.fn("Prepare.run")(function*(task: Task) {
    const repo: Repo | null = task.repo === null ? null : yield* s.repos.get(task.repo)
    // Task, else repo, else the installation's `defaultVendor` setting (read live); a default model
    // belongs to its own default vendor only.
    const fallbackVendor = yield* s.settings.get("defaultVendor")
    const vendor = task.vendor ?? repo?.defaultVendor ?? fallbackVendor
    const model = task.model ??
      (repo !== null && repo.defaultVendor === vendor ? repo.defaultModel : null) ??
      (vendor === fallbackVendor ? yield* s.settings.get("defaultModel") : null)
    const prepared = yield* s.workspace.acquire(task, repo).pipe(
      // The user has to act (commit their own work, pick another flow): not a failure to retry.
      Effect.catchIf((e) => e.reason === "DirtyTree" || e.reason === "FlowRefused", (e) => Effect.succeed({ blocked: e.detail }))
    )
    if ("blocked" in prepared) return { blocked: prepared.blocked }
    const worktree = prepared
    const taskText = [task.title, task.description, task.acceptance].join("\n")
    const sections = repo === null
      ? Effect.succeed([])
      : s.repoMap.build(worktree.path, { taskText, cacheKey: `repo:${repo.name}` }).pipe(
        Effect.tap(({ stats }) => s.events.append({ type: "repo_map_built", ...stats }, { taskId: task.id })),
        Effect.map((map) => [{ title: "Repository map", body: map.text }]),
        // A failed map only makes the prompt poorer.
        Effect.catchAll((e) => Effect.as(Effect.logWarning(`no repo map for ${task.key}: ${e.message}`), []))
      )
    return {
      repo,
      worktree,
      legs: legsOf(task, { vendor, model }),
      verifyCommands: commandsFor(repo?.commands ?? null, task.verifyCommands, task.skipVerification),
      sections: yield* Effect.cached(sections)
    } satisfies Prepared
  })
