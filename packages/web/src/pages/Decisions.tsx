/** Every decision agents are waiting on, across tasks; the list follows new and resolved decisions live. */
import { createMemo, createResource, Show } from "solid-js"
import { api } from "../api/client.js"
import { DecisionList } from "../components/DecisionList.js"
import { LiveDot } from "../components/LiveDot.js"
import { Loaded } from "../components/Loaded.js"
import { createEventFeed } from "../lib/createEventFeed.js"

export default function Decisions() {
  // Each raised or resolved decision (from anywhere: CLI, Telegram, another tab) fetches the list again.
  const feed = createEventFeed(() => ({ keep: 50 }))
  const version = createMemo(() => feed.events().findLast((e) => e.payload.type === "decision_raised" || e.payload.type === "decision_resolved")?.id)
  const [pending, { refetch }] = createResource(() => version() ?? 0, () => api.decisions.pending.query({}))
  return (
    <>
      <div class="page-head">
        <h1>Decisions</h1>
        <LiveDot state={feed.state()} />
        <span class="sub">Side-effecting actions agents asked about. A task waits until its last decision is answered.</span>
      </div>
      <Loaded of={pending} what="Decisions">
        {(list) => (
          <Show when={list.length > 0} fallback={<section class="panel empty">No decision is waiting.</section>}>
            <section class="panel" aria-label="Pending decisions">
              <DecisionList decisions={list} showTask onResolved={() => void refetch()} />
            </section>
          </Show>
        )}
      </Loaded>
    </>
  )
}
