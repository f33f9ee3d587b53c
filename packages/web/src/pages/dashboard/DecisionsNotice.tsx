/** A line on the dashboard while agents wait on decisions; fetched again with every queue change. */
import { A } from "@solidjs/router"
import { createResource, Show } from "solid-js"
import { api } from "../../api/client.js"

export const DecisionsNotice = (props: { version: unknown }) => {
  const [pending] = createResource(() => props.version ?? 0, () => api.decisions.pending.query({}).catch(() => []))
  const n = () => pending.latest?.length ?? 0
  return (
    <Show when={n() > 0}>
      <p class="notice" role="status" data-testid="decisions-notice">
        {n()} decision{n() === 1 ? "" : "s"} waiting for you. <A href="/decisions">Review →</A>
      </p>
    </Show>
  )
}
