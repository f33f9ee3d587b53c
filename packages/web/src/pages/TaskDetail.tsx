/**
 * One task, live: the plan and decisions awaiting a person, timeline, agent log, runs, delivery,
 * forecast, compaction, settings and the actions its status allows.
 */
import { A, useParams } from "@solidjs/router"
import { createEffect, createMemo, createResource, on, Show } from "solid-js"
import { api } from "../api/client.js"
import { isOutput } from "../components/EventText.js"
import { LiveDot } from "../components/LiveDot.js"
import { Loaded } from "../components/Loaded.js"
import { LogView } from "../components/LogView.js"
import { StatusBadge } from "../components/StatusBadge.js"
import { createEventFeed } from "../lib/createEventFeed.js"
import { Actions } from "./task/Actions.js"
import { CompactionPanel } from "./task/CompactionPanel.js"
import { DecisionsPanel } from "./task/DecisionsPanel.js"
import { Delivery } from "./task/Delivery.js"
import { ForecastPanel } from "./task/ForecastPanel.js"
import { PlanPanel } from "./task/PlanPanel.js"
import { Runs } from "./task/Runs.js"
import { SettingsCard } from "./task/SettingsCard.js"
import { Timeline } from "./task/Timeline.js"

export default function TaskDetail() {
  const params = useParams<{ key: string }>()
  const [task, { refetch }] = createResource(() => params.key, (key) => api.tasks.get.query({ key }))
  const feed = createEventFeed(() => ({ taskKey: params.key }))
  const steps = createMemo(() => feed.events().filter((e) => !isOutput(e)))
  const output = createMemo(() => feed.events().filter(isOutput))
  // The task row changes with each status event (and its runs with each attempt): fetch it again then.
  const lastStatus = createMemo(() => steps().filter((e) => e.payload.type === "status_changed" || e.payload.type === "attempt_started").at(-1)?.id)
  createEffect(on(lastStatus, () => void refetch(), { defer: true }))
  const lastOf = (...types: ReadonlyArray<string>) => createMemo(() => steps().findLast((e) => types.includes(e.payload.type))?.id)
  const planVersion = lastOf("status_changed", "plan_ready", "plan_approved", "plan_rejected")
  const decisionVersion = lastOf("status_changed", "decision_raised", "decision_resolved")
  const compactVersion = lastOf("context_compacted")
  const status = () => {
    const last = steps().findLast((e) => e.payload.type === "status_changed")
    return last?.payload.type === "status_changed" ? last.payload.to : task.latest?.status
  }
  return (
    <>
      <nav class="sub" aria-label="Breadcrumb" style={{ "margin-bottom": "6px" }}>
        <A href="/tasks">Tasks</A> / <span class="mono">{params.key}</span>
      </nav>
      <Loaded of={task}>
        {(t) => (
          <>
            <div class="page-head">
              <h1>
                <span class="mono" style={{ color: "var(--muted)", "font-weight": 500 }}>{t.key}</span> {t.title}
              </h1>
              <Show when={status()}>{(s) => <span data-testid="task-status"><StatusBadge status={s()} /></span>}</Show>
              <LiveDot state={feed.state()} />
            </div>
            <Show when={t.blockedReason}>{(r) => <p class="notice" role="status">Blocked: {r()}</p>}</Show>
            <Actions task={t} status={status() ?? t.status} onChanged={() => void refetch()} />
            <PlanPanel taskKey={t.key} version={planVersion()} onChanged={() => void refetch()} />
            <DecisionsPanel taskKey={t.key} version={decisionVersion()} onChanged={() => void refetch()} />
            <div class="grid side" style={{ "margin-top": "16px" }}>
              <div style={{ "min-width": 0 }}>
                <section class="panel" aria-labelledby="log-h">
                  <h2 id="log-h">Live log</h2>
                  <LogView events={output()} label={`Output of ${t.key}`} empty="No output yet. Enqueue the task to run it." />
                </section>
                <section class="panel" aria-labelledby="timeline-h">
                  <h2 id="timeline-h">Timeline</h2>
                  <Timeline events={steps()} duplicates={feed.duplicates()} />
                </section>
                <Runs taskKey={t.key} version={lastStatus()} />
                <Delivery task={t} events={steps()} />
                <CompactionPanel taskKey={t.key} version={compactVersion()} />
              </div>
              <div style={{ "min-width": 0 }}>
                <SettingsCard task={t} onSaved={() => void refetch()} />
                <ForecastPanel taskKey={t.key} version={lastStatus()} />
              </div>
            </div>
          </>
        )}
      </Loaded>
    </>
  )
}
