/** The global live feed: every event of every task as it happens. */
import { A } from "@solidjs/router"
import { createMemo, createSignal, For } from "solid-js"
import { eventText, isOutput } from "../components/EventText.js"
import { LiveDot } from "../components/LiveDot.js"
import { createEventFeed, type EventRow } from "../lib/createEventFeed.js"
import { createFollow } from "../lib/createFollow.js"
import { clock } from "../lib/format.js"

/** The task an event belongs to: a link when the feed names its key. */
const TaskRef = (props: { event: EventRow }) => {
  const key = () => (props.event as EventRow & { taskKey?: string }).taskKey
  return key() ? <A href={`/tasks/${key()}`} class="tag">{key()}</A> : props.event.taskId === null ? null : <span class="t">task #{props.event.taskId}</span>
}

export default function Logs() {
  const feed = createEventFeed(() => ({ keep: 1000 }))
  const [onlyOutput, setOnlyOutput] = createSignal(false)
  const [filter, setFilter] = createSignal("")
  const shown = createMemo(() => {
    const words = filter().toLowerCase()
    return feed.events().filter((e) => (!onlyOutput() || isOutput(e)) && (words === "" || `${e.payload.type} ${eventText(e)}`.toLowerCase().includes(words)))
  })
  let box: HTMLDivElement | undefined
  const onScroll = createFollow(() => box, () => shown().length)
  return (
    <>
      <div class="page-head">
        <h1>Logs</h1>
        <LiveDot state={feed.state()} />
      </div>
      <section class="panel">
        <div class="toolbar">
          <input type="search" placeholder="Filter" aria-label="Filter the log" onInput={(e) => setFilter(e.currentTarget.value)} />
          <label class="check"><input type="checkbox" checked={onlyOutput()} onChange={(e) => setOnlyOutput(e.currentTarget.checked)} /> Agent output only</label>
          <span class="spacer" />
          <span class="sub">{shown().length} of the last {feed.events().length} events</span>
        </div>
        <div class="log" role="log" aria-label="All events" tabindex="0" style={{ "max-height": "70vh" }} ref={(el) => (box = el)} onScroll={onScroll}>
          <For each={shown()} fallback={<div class="t">Waiting for events…</div>}>
            {(e) => (
              <div class={`line ${e.payload.type === "log_line" ? e.payload.stream : ""}`} data-event-id={e.id}>
                <span class="t">{clock(e.at)}</span>
                <span class="text">
                  <span class="tag">{e.payload.type}</span>
                  <TaskRef event={e} />
                  {eventText(e)}
                </span>
              </div>
            )}
          </For>
        </div>
      </section>
    </>
  )
}
