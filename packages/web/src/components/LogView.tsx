/** Agent output as a terminal-like log that follows new lines unless the reader has scrolled up. */
import { createEffect, For, on, Show } from "solid-js"
import type { EventRow } from "../lib/createEventFeed.js"
import { clock } from "../lib/format.js"
import { eventText } from "./EventText.js"

const streamOf = (event: EventRow) =>
  event.payload.type === "log_line" ? event.payload.stream : event.payload.type === "agent_message" ? "stdout" : "system"

export const LogView = (props: { events: ReadonlyArray<EventRow>; label: string; empty?: string; compact?: boolean }) => {
  let box!: HTMLDivElement
  let follow = true
  createEffect(on(() => props.events.length, () => {
    if (follow) box.scrollTop = box.scrollHeight
  }))
  return (
    <div
      class="log"
      ref={box}
      role="log"
      aria-label={props.label}
      tabindex="0"
      style={props.compact ? { "max-height": "150px" } : {}}
      onScroll={() => (follow = box.scrollTop + box.clientHeight >= box.scrollHeight - 8)}
    >
      <Show when={props.events.length > 0} fallback={<div class="t">{props.empty ?? "No output yet."}</div>}>
        <For each={props.events}>
          {(event) => (
            <div class={`line ${streamOf(event)}`} data-event-id={event.id}>
              <span class="t">{clock(event.at)}</span>
              <Show when={event.payload.type !== "log_line" && event.payload.type !== "agent_message"}>
                <span class="tag">{event.payload.type.replace("agent_", "")}</span>
              </Show>
              {eventText(event)}
            </div>
          )}
        </For>
      </Show>
    </div>
  )
}
