/**
 * Grounding, the rest of the context step: what the agent should know beyond the task and the repo
 * map, and the gates that stop a task before any agent runs.
 * - Interactive tasks: without an approved plan, the system LLM writes one (read-only by construction:
 *   it sees the task and the repo map, never the worktree); it is submitted to the plan gate and the
 *   task ends `blocked` on it, holding no slot. An approved plan joins the prompt as a contract.
 * - The reality signal (`reality_signal`; its open-PR source asks the repo's forge about the task's
 *   branch), with `reality_abstain` and `blocked` below the
 *   `abstainThreshold` setting; memory recall (`memory_recall`); skills; resolved decisions; the
 *   condensed earlier attempts (compacted automatically after `compactAfterFailures` failed runs).
 * Sections are built once, when the first full prompt needs them; a gate that is on is checked at once.
 * A resumed session gets only the decisions section (`resumeSections`): it already holds the rest.
 */
import { Effect } from "effect"
import type { Compaction } from "../context/Compaction.js"
import { render as renderCompaction } from "../context/Compaction.js"
import type { Forecast } from "../context/Forecast.js"
import type { Memory } from "../context/Memory.js"
import * as Reality from "../context/RealitySignal.js"
import * as Skills from "../context/Skills.js"
import type { Decisions } from "../decisions/Decisions.js"
import type { Forge } from "../forge/Forge.js"
import { Plan } from "../domain/Plan.js"
import type { Repo } from "../domain/Repo.js"
import type { Task } from "../domain/Task.js"
import { PLAN_AWAITING, type PlanGate } from "../gates/PlanGate.js"
import type { Llm } from "../llm/Llm.js"
import type { Events } from "../store/Events.js"
import type { Repos } from "../store/Repos.js"
import type { Runs } from "../store/Runs.js"
import type { Settings } from "../store/Settings.js"
import type { Worktree } from "../workspace/Workspace.js"
import { openPr } from "./OpenPr.js"
import { compactedTitle } from "./Prompt.js"
import { recentFiles } from "./RecentFiles.js"

type Section = { readonly title: string; readonly body: string }

export interface GroundingServices {
  readonly memory: typeof Memory.Service
  readonly forecast: typeof Forecast.Service
  readonly planGate: typeof PlanGate.Service
  readonly compaction: typeof Compaction.Service
  readonly decisions: typeof Decisions.Service
  readonly llm: typeof Llm.Service
  readonly settings: typeof Settings.Service
  readonly events: typeof Events.Service
  readonly runs: typeof Runs.Service
  readonly forge: typeof Forge.Service
  readonly repos: typeof Repos.Service
  readonly dataDir: string
}

export interface GroundingInput {
  readonly task: Task
  readonly repo: Repo | null
  readonly worktree: Worktree
  /** The repo-map section(s) of the context step. */
  readonly sections: Effect.Effect<ReadonlyArray<Section>>
}

const PLAN_SYSTEM = `You plan a change for an autonomous coding agent, before it edits anything. Answer with one JSON object and nothing else:
{"summary": "...", "approach": "...", "steps": ["..."], "files_to_touch": ["repo-relative paths"], "risks": ["..."], "acceptance_check": "how to verify"}`

const planSection = (plan: Plan): Section => ({
  title: "Approved plan (a contract: stay within it)",
  body: [
    plan.summary, "", `Approach: ${plan.approach}`, "", "Steps:", ...plan.steps.map((s, i) => `${i + 1}. ${s}`), "",
    `Files to touch (changes elsewhere block delivery): ${plan.files_to_touch.join(", ")}`, `Acceptance check: ${plan.acceptance_check}`
  ].join("\n")
})

/** A source that fails only makes the prompt poorer: logged, with a fallback. */
const orWarn = <A, B, E, R>(self: Effect.Effect<A, E, R>, what: string, fallback: B): Effect.Effect<A | B, never, R> =>
  Effect.catchAll(self, (e) => Effect.as(Effect.logWarning(`${what}: ${(e as { message?: string }).message ?? String(e)}`), fallback))

export const make = (s: GroundingServices) =>
  Effect.fn("Grounding.run")(function*(input: GroundingInput) {
    const { repo, task, worktree } = input
    const ref = { taskId: task.id }
    const taskText = [task.title, task.description, task.acceptance].join("\n")

    // Plan gate: an interactive task runs only under an approved plan.
    let contract: Section | null = null
    if (task.mode === "interactive") {
      const latest = yield* s.planGate.latest(task.id)
      if (latest?.status === "approved") contract = planSection(latest.plan)
      else {
        const mapText = (yield* input.sections).map((x) => x.body).join("\n")
        const planned = yield* s.llm.completeJson(Plan, { feature: "plan", system: PLAN_SYSTEM, prompt: `${taskText}\n\nRepository map:\n${mapText}`, maxTokens: 4000 }).pipe(Effect.either)
        if (planned._tag === "Left") return { blocked: `no plan could be written: ${planned.left.message}` }
        yield* s.planGate.submit(task.id, planned.right.value)
        return { blocked: PLAN_AWAITING }
      }
    }

    const reality = Effect.gen(function*() {
      const mapText = repo === null ? null : (yield* input.sections).map((x) => x.body).join("\n")
      const forecast = yield* orWarn(s.forecast.forecast(task.key), "forecast", null)
      const signal = Reality.combine([
        Reality.mapSource(taskText, mapText),
        Reality.recentSource(taskText, repo === null ? null : yield* recentFiles(worktree.path)),
        Reality.prSource(repo === null ? null : yield* openPr(s.forge, s.repos, repo, worktree.branch)),
        Reality.historySource(forecast?.successProbability ?? null)
      ])
      if (signal.score !== null) yield* s.events.append({ type: "reality_signal", score: signal.score, confidence: signal.confidence, warnings: [...signal.warnings] }, ref)
      return signal
    }).pipe(Effect.cached)
    const realityOnce = yield* reality

    const threshold = yield* s.settings.get("abstainThreshold")
    if (threshold > 0) {
      const signal = yield* realityOnce
      if (signal.score !== null && signal.score < threshold) {
        yield* s.events.append({ type: "reality_abstain", score: signal.score, threshold }, ref)
        return { blocked: `abstained: reality score ${signal.score} is below ${threshold} (${signal.warnings.join("; ") || "no warnings"})` }
      }
    }

    const failedRuns = (yield* s.runs.forTask(task.id)).filter((r) => r.status === "failed").length
    if (failedRuns >= (yield* s.settings.get("compactAfterFailures")) && (yield* s.compaction.current(task.id)) === null) {
      yield* orWarn(s.compaction.compact(task.key), `compaction of ${task.key}`, null)
    }

    const decided = Effect.gen(function*() {
      const resolved = yield* orWarn(s.decisions.resolved(task.id), "decisions", [])
      return resolved.length === 0 ? [] : [{ title: "Decisions a person made", body: resolved.map((d) => `- ${d.question.split("\n")[0]} → ${d.status}: ${d.resolution ?? ""}`).join("\n") }]
    })

    const extra = Effect.gen(function*() {
      const signal = yield* realityOnce
      const recalled = yield* orWarn(s.memory.recall(task, 5), "memory recall", [])
      if (recalled.length > 0) yield* s.events.append({ type: "memory_recall", count: recalled.length, ids: recalled.map((r) => r.id) }, ref)
      const skills = yield* Skills.load(task.skills, Skills.roots(worktree.path, s.dataDir))
      if (skills.missing.length > 0) yield* Effect.logWarning(`skills not found for ${task.key}: ${skills.missing.join(", ")}`)
      const compacted = yield* orWarn(s.compaction.current(task.id), "compaction", null)
      const sections: Array<Section> = [
        ...(contract === null ? [] : [contract]),
        ...(signal.score === null ? [] : [{
          title: "Reality check",
          body: `Grounding score ${signal.score}/100 (confidence ${signal.confidence}).${signal.warnings.length === 0 ? "" : `\nWarnings: ${signal.warnings.join("; ")}`}\nIf the task names code that does not exist, say so instead of inventing it.`
        }]),
        ...(recalled.length === 0 ? [] : [{ title: "What earlier tasks on this repository learned", body: recalled.map((r) => `- ${r.body.replace(/\n/g, "\n  ")}`).join("\n") }]),
        ...(skills.found.length === 0 ? [] : [{ title: "Skills", body: Skills.section(skills.found) }]),
        ...(yield* decided),
        ...(compacted === null ? [] : [{ title: compactedTitle, body: renderCompaction(compacted) }])
      ]
      return sections
    }).pipe(Effect.orDie)

    return {
      sections: yield* Effect.cached(Effect.zipWith(input.sections, extra, (map, more) => [...map, ...more])),
      resumeSections: yield* Effect.cached(decided)
    }
  })
