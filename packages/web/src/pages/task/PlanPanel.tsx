/** The plan of an interactive task: what the agent will do and which files it may touch; Approve / Reject while it awaits. */
import { createResource, createSignal, For, Show } from "solid-js"
import { api } from "../../api/client.js"
import { ActionButton } from "../../components/ActionButton.js"
import { ago } from "../../lib/format.js"

const List = (props: { title: string; items: ReadonlyArray<string>; mono?: boolean }) => (
  <Show when={props.items.length > 0}>
    <dt>{props.title}</dt>
    <dd><ul class="plain">{<For each={props.items}>{(i) => <li class={props.mono ? "mono" : undefined}>{i}</li>}</For>}</ul></dd>
  </Show>
)

/** `version` changes with each status event, so the panel follows a new plan or a decision made elsewhere. */
export const PlanPanel = (props: { taskKey: string; version: unknown; onChanged: () => void }) => {
  const [plan, { refetch }] = createResource(() => [props.taskKey, props.version] as const, ([key]) => api.plans.get.query({ key }))
  const [reason, setReason] = createSignal("")
  const decided = () => {
    void refetch()
    props.onChanged()
  }
  return (
    <Show when={plan.latest}>
      {(p) => (
        <section class="panel" aria-labelledby="plan-h" data-testid="plan-panel" style={{ "margin-top": "16px" }}>
          <h2 id="plan-h">
            Plan <span class="chip">{p().status === "awaiting" ? "awaiting approval" : p().status}</span>
            <Show when={p().decidedBy}>{(by) => <span class="sub"> by {by()}</span>}</Show>
            <span class="sub"> · {ago(p().createdAt)}</span>
          </h2>
          <p style={{ margin: "0 0 8px" }}><strong>{p().plan.summary}</strong></p>
          <dl class="kv">
            <Show when={p().plan.approach}><dt>Approach</dt><dd>{p().plan.approach}</dd></Show>
            <List title="Steps" items={p().plan.steps} />
            <List title="Files to touch" items={p().plan.files_to_touch} mono />
            <List title="Risks" items={p().plan.risks} />
            <Show when={p().plan.acceptance_check}><dt>Acceptance</dt><dd>{p().plan.acceptance_check}</dd></Show>
            <Show when={p().reason}><dt>Reason</dt><dd>{p().reason}</dd></Show>
          </dl>
          <Show when={p().status === "awaiting"}>
            <div class="toolbar" role="toolbar" aria-label="Plan decision" style={{ "margin-top": "12px" }}>
              <ActionButton class="primary" run={() => api.plans.approve.mutate({ key: props.taskKey })} onDone={decided}>Approve plan</ActionButton>
              <input aria-label="Reason for rejecting (optional)" placeholder="reason (optional)" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
              <ActionButton
                class="danger"
                run={() => api.plans.reject.mutate({ key: props.taskKey, ...(reason().trim() === "" ? {} : { reason: reason().trim() }) })}
                onDone={decided}
              >
                Reject plan
              </ActionButton>
            </div>
          </Show>
        </section>
      )}
    </Show>
  )
}
