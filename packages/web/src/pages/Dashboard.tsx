/** Workers, queue depth, running agents with live output, pause/resume, concurrency, analytics. */
import { A } from "@solidjs/router"
import { For, Show } from "solid-js"
import { api } from "../api/client.js"
import { ActionButton } from "../components/ActionButton.js"
import { LiveDot } from "../components/LiveDot.js"
import { StatCard } from "../components/StatCard.js"
import { createQueue } from "../lib/createQueue.js"
import { ago, count } from "../lib/format.js"
import { Analytics } from "./dashboard/Analytics.js"
import { DecisionsNotice } from "./dashboard/DecisionsNotice.js"
import { RunningAgents } from "./dashboard/RunningAgents.js"

export default function Dashboard() {
  const { status, state } = createQueue()
  const setConcurrency = (value: number) => api.queue.setConcurrency.mutate({ maxConcurrency: value })
  return (
    <>
      <div class="page-head">
        <h1>Dashboard</h1>
        <LiveDot state={state()} />
        <div class="spacer" />
        <Show when={status()}>
          {(q) => (
            <>
              <label class="check">
                Concurrency
                <select aria-label="Concurrency per worker" value={q().maxConcurrency} onChange={(e) => void setConcurrency(Number(e.currentTarget.value))}>
                  <For each={[...new Set([1, 2, 3, 4, 6, 8, 12, 16, q().maxConcurrency])].sort((a, b) => a - b)}>{(n) => <option value={n}>{n}</option>}</For>
                </select>
              </label>
              <Show
                when={q().paused}
                fallback={<ActionButton run={() => api.queue.pause.mutate()} label="Pause the queue">Pause queue</ActionButton>}
              >
                <ActionButton class="primary" run={() => api.queue.resume.mutate()} label="Resume the queue">Resume queue</ActionButton>
              </Show>
            </>
          )}
        </Show>
      </div>
      <Show when={status()} fallback={<p class="empty">Connecting to the queue…</p>}>
        {(q) => (
          <>
            <Show when={q().paused}>
              <p class="notice" role="status" data-testid="paused-banner">The queue is paused: no new tasks start; running tasks continue.</p>
            </Show>
            <DecisionsNotice version={q()} />
            <section class="stats" aria-label="Queue" style={{ "margin-top": "12px" }}>
              <StatCard label="Backlog" value={count(q().counts.pending)} hint="pending" />
              <StatCard label="Queue depth" value={<span data-testid="queue-depth">{count(q().counts.queued)}</span>} hint="queued" />
              <StatCard label="Running" value={count(q().counts.running + q().counts.verifying)} hint={`of ${q().maxConcurrency} per worker`} />
              <StatCard label="In review" value={count(q().counts.review)} />
              <StatCard label="Failed" value={count(q().counts.failed)} />
              <StatCard label="Blocked" value={count(q().counts.blocked)} />
            </section>
            <div class="grid side" style={{ "margin-top": "16px" }}>
              <RunningAgents running={q().running} />
              <section class="panel" aria-labelledby="workers-h">
                <h2 id="workers-h">Workers</h2>
                <Show when={q().workers.length > 0} fallback={<p class="empty">No worker is running. Start one with <code>devserver worker</code>.</p>}>
                  <ul class="tree root">
                    <For each={q().workers}>
                      {(w) => (
                        <li>
                          <div class="mono">{w.id}</div>
                          <div class="sub">{w.running} running · up since {ago(w.startedAt)}</div>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <p class="sub" style={{ "margin-top": "12px" }}>
                  <A href="/tasks?status=queued">Open the queue →</A>
                </p>
              </section>
            </div>
          </>
        )}
      </Show>
      <Analytics />
    </>
  )
}
