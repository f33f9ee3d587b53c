/**
 * Where the work went: the PR link, the commit, the patches (with a `combined.mbox` download) and
 * the plan's summary. Read from the task's events, so each row fills in live as its feature lands.
 */
import { createMemo, Show } from "solid-js"
import type { Outputs } from "../../api/client.js"
import type { EventRow } from "../../lib/createEventFeed.js"
import { PatchDownload } from "./PatchDownload.js"

type Task = Outputs["tasks"]["get"]

const last = <T extends EventRow["payload"]["type"]>(events: ReadonlyArray<EventRow>, type: T) =>
  events.findLast((e) => e.payload.type === type)?.payload as Extract<EventRow["payload"], { type: T }> | undefined

export const Delivery = (props: { task: Task; events: ReadonlyArray<EventRow> }) => {
  const pr = createMemo(() => last(props.events, "pr_opened"))
  const patches = createMemo(() => last(props.events, "patches_generated"))
  const committed = createMemo(() => last(props.events, "committed"))
  const plan = createMemo(() => last(props.events, "plan_ready"))
  return (
    <section class="panel" aria-labelledby="delivery-h">
      <h2 id="delivery-h">Delivery</h2>
      <dl class="kv">
        <dt>Git flow</dt>
        <dd>{props.task.gitFlow}</dd>
        <dt>Pull request</dt>
        <dd>
          <Show when={pr()} fallback={<span class="sub">none yet</span>}>
            {(p) => <a href={p().url} target="_blank" rel="noopener noreferrer">#{p().number} {p().url}</a>}
          </Show>
        </dd>
        <dt>Commit</dt>
        <dd><Show when={committed()} fallback={<span class="sub">none yet</span>}>{(c) => <span class="mono">{c().commit.slice(0, 12)} · {c().files} files</span>}</Show></dd>
        <dt>Patches</dt>
        <dd>
          <Show when={patches()} fallback={<span class="sub">none yet</span>}>
            {(p) => <span>{p().count} patches, <span style={{ color: "var(--ok)" }}>+{p().insertions}</span> <span style={{ color: "var(--danger)" }}>−{p().deletions}</span></span>}
          </Show>
          <Show when={patches() !== undefined || props.task.gitFlow === "patch"}> <PatchDownload taskKey={props.task.key} /></Show>
        </dd>
        <dt>Plan</dt>
        <dd>
          <Show when={plan()} fallback={<span class="sub">{props.task.mode === "interactive" ? "waiting for the plan" : "not needed (autonomous)"}</span>}>
            {(p) => <span>{p().summary}</span>}
          </Show>
        </dd>
      </dl>
    </section>
  )
}
