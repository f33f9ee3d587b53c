/**
 * The system LLM on an idea: write a DevPlan, expand the goal (atomic, or 3–7 ordered sub-goals), and
 * turn the leaves (or the plan) into tasks on a repo with their dependencies.
 */
import { A } from "@solidjs/router"
import { createResource, createSignal, For, Show } from "solid-js"
import { api, type Outputs } from "../../api/client.js"
import { ActionButton } from "../../components/ActionButton.js"

type Idea = Outputs["ideas"]["list"][number]
type Created = Outputs["authoring"]["ideaTasks"]

/** What the last action on an idea did; kept by the page, since the tree's refetch renders this panel anew. */
export interface IdeaOutcome {
  readonly ideaId: number
  readonly note: string
  readonly created: Created
}

export const IdeaActions = (props: { idea: Idea; hasPlan: boolean; outcome: IdeaOutcome | null; onDone: (outcome: IdeaOutcome) => void }) => {
  const [repos] = createResource(() => api.repos.list.query().catch(() => []))
  const [repo, setRepo] = createSignal("")
  const id = () => props.idea.id
  const mine = () => (props.outcome?.ideaId === id() ? props.outcome : null)
  const note = () => mine()?.note ?? null
  const created = () => mine()?.created ?? []
  const done = (text: string, tasks: Created = []) => props.onDone({ ideaId: id(), note: text, created: tasks })
  return (
    <div style={{ margin: "12px 0" }}>
      <div class="toolbar" role="toolbar" aria-label="Idea actions">
        <ActionButton run={() => api.authoring.planIdea.mutate({ id: id() }).then((p) => done(`Plan written: ${p.tasks.length} task(s) proposed.`))}>
          Write a plan
        </ActionButton>
        <Show when={props.idea.taskId === null && props.idea.goalStatus === "open"}>
          <ActionButton
            run={() => api.authoring.expandIdea.mutate({ id: id() }).then((x) => done(x.decision === "atomic" ? `Atomic: ${x.reason}` : `Split into ${x.children.length} sub-goals.`))}
          >
            Expand goal
          </ActionButton>
        </Show>
        <select aria-label="Repo for the new tasks" value={repo()} onChange={(e) => setRepo(e.currentTarget.value)}>
          <option value="">No repo (scratch folder)</option>
          <For each={repos.latest ?? []}>{(r) => <option value={r.name}>{r.name}</option>}</For>
        </select>
        <ActionButton
          class="primary"
          run={() =>
            api.authoring.ideaTasks.mutate({ id: id(), repo: repo() === "" ? null : repo(), fromPlan: props.hasPlan }).then((tasks) =>
              done(`${tasks.length} task(s) created${props.hasPlan ? " from the plan" : ""}.`, tasks))}
        >
          {props.hasPlan ? "Create tasks from the plan" : "Create tasks"}
        </ActionButton>
      </div>
      <Show when={note()}>{(n) => <p class="sub" role="status">{n()}</p>}</Show>
      <Show when={created().length > 0}>
        <ul class="plain">
          <For each={created()}>
            {(t) => <li><A href={`/tasks/${t.key}`} class="mono">{t.key}</A> {t.title}<Show when={t.dependsOn.length > 0}><span class="sub"> · after {t.dependsOn.join(", ")}</span></Show></li>}
          </For>
        </ul>
      </Show>
    </div>
  )
}
