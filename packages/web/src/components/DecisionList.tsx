/** Pending decisions: the action an agent asked about and why, with Approve / Reject / Edit (an instruction instead). */
import { A } from "@solidjs/router"
import { createSignal, For, Show } from "solid-js"
import { api, type Outputs } from "../api/client.js"
import { ago } from "../lib/format.js"
import { ActionButton } from "./ActionButton.js"

type Decision = Outputs["decisions"]["pending"][number]

const Item = (props: { decision: Decision; showTask: boolean; onResolved: () => void }) => {
  const d = () => props.decision
  const [editing, setEditing] = createSignal(false)
  const [instruction, setInstruction] = createSignal("")
  return (
    <li data-testid="decision" data-decision-id={d().id}>
      <div>
        <Show when={props.showTask}><A href={`/tasks/${d().taskKey}`} class="mono">{d().taskKey}</A> · </Show>
        <span class="sub">asked {ago(d().createdAt)}</span>
      </div>
      <pre class="question">{d().question}</pre>
      <div class="toolbar" role="toolbar" aria-label={`Decision ${d().id}`}>
        <ActionButton class="primary" run={() => api.decisions.approve.mutate({ id: d().id })} onDone={props.onResolved}>Approve</ActionButton>
        <ActionButton class="danger" run={() => api.decisions.reject.mutate({ id: d().id })} onDone={props.onResolved}>Reject</ActionButton>
        <button class="ghost" aria-expanded={editing()} onClick={() => setEditing(!editing())}>Edit</button>
      </div>
      <Show when={editing()}>
        <div class="toolbar">
          <textarea
            aria-label={`What the agent should do instead (decision ${d().id})`}
            rows={2}
            style={{ flex: "1 1 320px" }}
            value={instruction()}
            onInput={(e) => setInstruction(e.currentTarget.value)}
          />
          <ActionButton run={() => api.decisions.edit.mutate({ id: d().id, instruction: instruction() })} onDone={props.onResolved}>Send instruction</ActionButton>
        </div>
      </Show>
    </li>
  )
}

export const DecisionList = (props: { decisions: ReadonlyArray<Decision>; showTask: boolean; onResolved: () => void }) => (
  <ul class="decisions">
    <For each={props.decisions}>{(d) => <Item decision={d} showTask={props.showTask} onResolved={props.onResolved} />}</For>
  </ul>
)
