/** The pipeline's steps for a task, oldest first, each event once. */
import { For, Show } from "solid-js"
import { eventText } from "../../components/EventText.js"
import type { EventRow } from "../../lib/createEventFeed.js"
import { clock } from "../../lib/format.js"

const label = (type: string) => type.replaceAll("_", " ")

export const Timeline = (props: { events: ReadonlyArray<EventRow>; duplicates: number }) => (
  <Show when={props.events.length > 0} fallback={<p class="empty">No events yet.</p>}>
    <ol class="timeline" aria-label="Timeline" data-duplicates={props.duplicates}>
      <For each={props.events}>
        {(e) => (
          <li data-event-id={e.id} data-type={e.payload.type}>
            <span class="when" title={e.at}>{clock(e.at)}</span>
            <span class="type">{label(e.payload.type)}</span>
            <span class="what">{eventText(e)}</span>
          </li>
        )}
      </For>
    </ol>
  </Show>
)
