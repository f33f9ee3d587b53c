/** The pull request's title and body: what changed, verification, metrics, failover. */
import type { DeliveryInput } from "../pipeline/Deliver.js"
import type { PatchSet } from "./PatchExport.js"

export const title = (input: Pick<DeliveryInput, "task">): string => `[${input.task.key}] ${input.task.title}`

const duration = (ms: number) => {
  const s = Math.round(ms / 1000)
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
}

const verification = (input: DeliveryInput): Array<string> => {
  if (input.verificationSkipped) return ["Skipped (the task is set to skip verification)."]
  if (input.verification.length === 0) return ["No verification commands are configured for this repository."]
  return [
    "| step | result | exit code | duration |",
    "| --- | --- | --- | --- |",
    ...input.verification.map((v) => `| ${v.step} | ${v.ok ? "passed" : "failed"} | ${v.exitCode ?? "-"} | ${duration(v.durationMs)} |`)
  ]
}

const metrics = (input: DeliveryInput): string => {
  const t = input.totals
  const cost = t.costUsd === null ? "not reported" : `${t.costComplete ? "" : "at least "}$${t.costUsd.toFixed(4)}`
  return `Attempts: ${t.attempts} · turns: ${t.turns ?? "not reported"} · cost: ${cost} · duration: ${duration(t.durationMs)}`
}

const quote = (text: string) => text.trim().split("\n").map((l) => `> ${l}`).join("\n")

/** Markdown body; `patches` adds the diff stats of the delivered commits. */
export const body = (input: DeliveryInput, patches: PatchSet | null, outOfScope: ReadonlyArray<string> = []): string => {
  const { task } = input
  const parts = [`## ${title(input)}`]
  if (task.description.trim() !== "") parts.push(task.description.trim())
  if (task.acceptance.trim() !== "") parts.push(`**Acceptance criteria**\n\n${task.acceptance.trim()}`)
  parts.push(`### What changed\n\n${input.summary.trim() === "" ? "_The agent gave no summary._" : quote(input.summary.slice(0, 4000))}`)
  if (patches) parts.push(`${patches.commits} commit(s), ${patches.filesChanged} file(s) changed, +${patches.insertions} −${patches.deletions}.`)
  if (outOfScope.length > 0) parts.push(`**Outside the approved plan:** ${outOfScope.map((f) => `\`${f}\``).join(", ")}`)
  parts.push(`### Verification\n\n${verification(input).join("\n")}`)
  parts.push(`### Metrics\n\n${metrics(input)}`)
  if (input.failover) {
    const f = input.failover
    const from = `${f.fromVendor}${f.fromModel ? ` / ${f.fromModel}` : ""}`
    const to = `${f.toVendor}${f.toModel ? ` / ${f.toModel}` : ""}`
    parts.push(`### Failover\n\nThe work moved from ${from} to ${to}: ${f.reason}.`)
  }
  parts.push(`---\nDelivered by DevServer · task ${task.key} · run ${input.run.id}`)
  return parts.join("\n\n")
}
