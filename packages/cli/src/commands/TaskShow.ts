/** `task show`: the task's settings, where its work is (branch, commit, folder, PR, patch, run log, task log) and what to do next. */
import { Command } from "@effect/cli"
import type { PipelineEvent } from "@devserver/core/domain/PipelineEvent"
import type { Run } from "@devserver/core/domain/Run"
import type { Task } from "@devserver/core/domain/Task"
import * as TaskLog from "@devserver/core/logging/TaskLog"
import { Console, Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Flags from "../Flags.js"
import { Backend } from "../backend/Backend.js"
import * as Render from "../Render.js"

/** The next commands worth typing for a task in each status. */
export const nextCommands = (t: Task): ReadonlyArray<string> => {
  const k = t.key
  switch (t.status) {
    case "pending":
      return [`devserver task enqueue ${k}`]
    case "queued":
    case "running":
    case "verifying":
      return [`devserver task logs ${k} --follow`, `devserver task cancel ${k}`]
    case "review":
      return [`devserver task done ${k}`, `devserver task continue ${k} --note "…"`, `devserver task reject ${k} --reason "…"`]
    case "failed":
    case "blocked":
    case "cancelled":
      return [`devserver task logs ${k}`, `devserver task retry ${k}`]
    case "done":
      return [`devserver task archive ${k}`]
  }
}

const last = <T extends PipelineEvent["payload"]["type"]>(events: ReadonlyArray<PipelineEvent>, type: T) =>
  [...events].reverse().find((e) => e.payload.type === type)?.payload as Extract<PipelineEvent["payload"], { type: T }> | undefined

/** Where the work of a task is: each entry only when it exists (folders and files only when the database is on this machine). */
export const whereabouts = (t: Task, runs: ReadonlyArray<Run>, events: ReadonlyArray<PipelineEvent>, dataDir: string | undefined, localPath: string) => {
  const run = runs.at(-1)
  const pushed = last(events, "pushed")
  const committed = last(events, "committed")
  const pr = last(events, "pr_opened")
  const patches = last(events, "patches_generated")
  const folder = dataDir === undefined ? undefined : localPath !== "" ? localPath : path.join(dataDir, t.repo === null ? "scratch" : "worktrees", t.key)
  const log = run && dataDir !== undefined ? path.join(dataDir, "logs", t.key, `run-${run.id}.log`) : undefined
  const taskLog = dataDir === undefined ? null : TaskLog.pathOf(dataDir, t.key)
  return [
    ["branch", pushed?.branch ?? run?.branch ?? undefined],
    ["commit", pushed?.commit ?? committed?.commit],
    ["folder", folder !== undefined && fs.existsSync(folder) ? folder : undefined],
    ["pull request", pr?.url ?? run?.prUrl ?? undefined],
    ["patch", patches ? `${patches.count} commit(s), +${patches.insertions} -${patches.deletions}` : undefined],
    ["run log", log !== undefined && fs.existsSync(log) ? log : undefined],
    ["task log", taskLog !== null && fs.existsSync(taskLog) ? taskLog : undefined]
  ].filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")
}

export const show = Command.make("show", { key: Flags.taskKey, json: Flags.json }, ({ json, key }) =>
  Effect.gen(function*() {
    const backend = yield* Backend
    const task = yield* backend.getTask(key)
    if (json) return yield* Console.log(JSON.stringify(task, null, 2))
    const runs = yield* backend.runs(key)
    const events = yield* backend.events(key, 0)
    const repo = task.repo === null ? undefined : yield* backend.getRepo(task.repo)
    const dataDir = yield* backend.localDataDir
    const run = runs.at(-1)
    yield* Render.fields([
      ["key", task.key],
      ["title", task.title],
      ["status", `${task.status}${task.blockedReason ? ` (${task.blockedReason})` : ""}, updated ${Render.ago(task.updatedAt)}`],
      ["repo", task.repo ?? "(none: a scratch folder)"],
      ["priority", String(task.priority)],
      ["labels", task.labels.join(", ") || "-"],
      ["agent", `${task.vendor ?? "(default)"}${task.model ? ` / ${task.model}` : ""}, ${task.billingMode} billing`],
      ["backup", task.backupVendor ? `${task.backupVendor}${task.backupModel ? ` / ${task.backupModel}` : ""}` : "-"],
      ["flow", task.gitFlow],
      ["max turns", task.maxTurns === null ? "unlimited" : String(task.maxTurns)],
      ["depends on", task.dependsOn.join(", ") || "-"],
      ["description", task.description || "-"],
      ["acceptance", task.acceptance || "-"],
      ["runs", run ? `${runs.length}, last: attempt ${run.attempt} ${run.status}${run.errorClass ? ` [${run.errorClass}]` : ""} (${Render.duration(run.durationMs)}${run.costUsd !== null ? `, $${run.costUsd.toFixed(2)}` : ""})` : "none yet"],
      ...whereabouts(task, runs, events, dataDir, repo?.localPath ?? ""),
      ["created", `${task.createdAt.toISOString()} (${Render.ago(task.createdAt)})`],
      ["next", nextCommands(task).join("\n")]
    ])
  })).pipe(Command.withDescription("Show a task, where its work is and what to do next."))
