/** Tasks running now, each with the tail of its live output (the first few; the rest link to their page). */
import { A } from "@solidjs/router"
import { createMemo, For, Show } from "solid-js"
import { isOutput } from "../../components/EventText.js"
import { LogView } from "../../components/LogView.js"
import { StatusBadge } from "../../components/StatusBadge.js"
import { createEventFeed } from "../../lib/createEventFeed.js"
import type { QueueStatus } from "../../lib/createQueue.js"
import { ago } from "../../lib/format.js"

/** Each live tail is one SSE connection; browsers allow six per host over HTTP/1.1. */
const LIVE_TAILS = 3

const Tail = (props: { taskKey: string }) => {
  const { events } = createEventFeed(() => ({ taskKey: props.taskKey, keep: 300 }))
  const output = createMemo(() => events().filter(isOutput).slice(-8))
  return <LogView events={output()} label={`Live output of ${props.taskKey}`} compact empty="Waiting for output…" />
}

export const RunningAgents = (props: { running: QueueStatus["running"] }) => (
  <section class="panel" aria-labelledby="running-h">
    <h2 id="running-h">Running agents</h2>
    <Show when={props.running.length > 0} fallback={<p class="empty">Nothing is running.</p>}>
      <For each={props.running}>
        {(task, i) => (
          <article style={{ "margin-bottom": "14px" }} data-testid={`running-${task.key}`}>
            <div class="toolbar" style={{ "margin-bottom": "6px" }}>
              <A href={`/tasks/${task.key}`} class="mono">{task.key}</A>
              <span>{task.title}</span>
              <StatusBadge status={task.status} />
              <span class="spacer" />
              <span class="sub">{task.worker ?? ""} · {ago(task.since)}</span>
            </div>
            <Show when={i() < LIVE_TAILS}>
              <Tail taskKey={task.key} />
            </Show>
          </article>
        )}
      </For>
    </Show>
  </section>
)
