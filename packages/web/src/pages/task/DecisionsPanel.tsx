/** The task's pending decisions; shown only while there are some. */
import { createResource, Show } from "solid-js"
import { api } from "../../api/client.js"
import { DecisionList } from "../../components/DecisionList.js"

export const DecisionsPanel = (props: { taskKey: string; version: unknown; onChanged: () => void }) => {
  const [pending, { refetch }] = createResource(() => [props.taskKey, props.version] as const, ([taskKey]) => api.decisions.pending.query({ taskKey }))
  return (
    <Show when={(pending.latest ?? []).length > 0}>
      <section class="panel" aria-labelledby="decisions-h" style={{ "margin-top": "16px" }}>
        <h2 id="decisions-h">Decisions waiting for you</h2>
        <p class="sub" style={{ margin: "0 0 8px" }}>The agent asked before a side-effecting action. Answering the last one queues the task again.</p>
        <DecisionList decisions={pending.latest ?? []} showTask={false} onResolved={() => (void refetch(), props.onChanged())} />
      </section>
    </Show>
  )
}
