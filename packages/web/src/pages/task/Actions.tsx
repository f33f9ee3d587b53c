/** The actions the task's status allows: enqueue, cancel, continue, mark done, compact, archive. */
import { Show } from "solid-js"
import { api, type Outputs } from "../../api/client.js"
import { ActionButton } from "../../components/ActionButton.js"

type Task = Outputs["tasks"]["get"]
// Which buttons to show, mirroring core's rules (TaskStatus.enqueueableFrom, TaskActions.allowedFrom); the server
// still decides and words a refusal. Importing the domain module here would add its Schemas (about 52 kB gzipped).
const enqueueable = ["pending", "failed", "blocked", "cancelled", "review"]
const cancellable = ["pending", "queued", "running", "verifying", "blocked"]
const archivable = ["pending", "review", "done", "failed", "blocked", "cancelled"]
// After an attempt: the system LLM condenses what was tried for the next fresh attempt.
const compactable = ["failed", "blocked", "cancelled"]
/** Blocked on a person's answer: the plan and decision panels hold the right buttons, not "Run again" or "Compact". */
const waitsOnPerson = (task: Task) => /^(plan awaiting|decision pending)/.test(task.blockedReason ?? "")

export const Actions = (props: { task: Task; status: string; onChanged: () => void }) => {
  const key = () => props.task.key
  return (
    <div class="toolbar" role="toolbar" aria-label="Task actions">
      <Show when={enqueueable.includes(props.status) && props.status !== "review" && !waitsOnPerson(props.task)}>
        <ActionButton class="primary" run={() => api.tasks.enqueue.mutate({ key: key() })} onDone={props.onChanged}>
          {props.status === "pending" ? "Enqueue" : "Run again"}
        </ActionButton>
      </Show>
      <Show when={props.status === "review"}>
        <ActionButton class="primary" run={() => api.tasks.markDone.mutate({ key: key() })} onDone={props.onChanged}>Mark done</ActionButton>
        <ActionButton run={() => api.tasks.continue.mutate({ key: key() })} onDone={props.onChanged}>Continue</ActionButton>
      </Show>
      <Show when={cancellable.includes(props.status)}>
        <ActionButton class="danger" run={() => api.tasks.cancel.mutate({ key: key() })} onDone={props.onChanged}>Cancel</ActionButton>
      </Show>
      <Show when={compactable.includes(props.status) && !waitsOnPerson(props.task)}>
        <ActionButton run={() => api.insight.compact.mutate({ key: key() })} onDone={props.onChanged}>Compact earlier attempts</ActionButton>
      </Show>
      <Show when={archivable.includes(props.status) || props.task.archived}>
        <ActionButton
          class="ghost"
          run={() => api.tasks.archive.mutate({ key: key(), archived: !props.task.archived })}
          onDone={props.onChanged}
        >
          {props.task.archived ? "Unarchive" : "Archive"}
        </ActionButton>
      </Show>
    </div>
  )
}
