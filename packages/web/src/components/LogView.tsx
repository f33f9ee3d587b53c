/** Agent output as a terminal-like log that follows new lines unless the reader has scrolled up. */
import { For, Show } from "solid-js"
import type { EventRow } from "../lib/createEventFeed.js"
import { createFollow } from "../lib/createFollow.js"
import { clock } from "../lib/format.js"
import { eventText } from "./EventText.js"

const streamOf = (event: EventRow) =>
  event.payload.type === "log_line" ? event.payload.stream : event.payload.type === "agent_message" ? "stdout" : "system"

export const LogView = (props: { events: ReadonlyArray<EventRow>; label: string; empty?: string; compact?: boolean }) => {
  let box: HTMLDivElement | undefined
  const onScroll = createFollow(() => box, () => props.events.length)
  return (
    <div
      class="log"
      ref={(el) => (box = el)}
      role="log"
      aria-label={props.label}
      tabindex="0"
      style={props.compact ? { "max-height": "150px" } : {}}
      onScroll={onScroll}
    >
      <Show when={props.events.length > 0} fallback={<div class="t">{props.empty ?? "No output yet."}</div>}>
        <For each={props.events}>
          {(event) => (
            <div class={`line ${streamOf(event)}`} data-event-id={event.id}>
              <span class="t">{clock(event.at)}</span>
              <span class="text">
                <Show when={event.payload.type !== "log_line" && event.payload.type !== "agent_message"}>
                  <span class="tag">{event.payload.type.replace("agent_", "")}</span>
                </Show>
                {eventText(event)}
              </span>
            </div>
          )}
        </For>
      </Show>
    </div>
  )
}
