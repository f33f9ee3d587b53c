/** Task templates: settings and description presets that new tasks and schedules start from. */
import { A } from "@solidjs/router"
import { createResource, For, Show } from "solid-js"
import { api } from "../api/client.js"
import { Loaded } from "../components/Loaded.js"
import { priorityName } from "../lib/format.js"

export default function Templates() {
  const [templates] = createResource(() => api.templates.list.query())
  return (
    <>
      <div class="page-head">
        <h1>Templates</h1>
        <span class="sub">Pick one on <A href="/new">New task</A>, or let a schedule create tasks from it.</span>
      </div>
      <Loaded of={templates} what="Templates">
        {(list) => (
          <Show when={list.length > 0} fallback={<section class="panel empty">No template yet. Create one with <code>devserver template add</code>.</section>}>
            <div class="grid cols-2">
              <For each={list}>
                {(t) => (
                  <article class="panel" aria-label={`Template ${t.name}`}>
                    <h2>{t.name}</h2>
                    <dl class="kv">
                      <dt>Title</dt><dd>{t.title || "—"}</dd>
                      <dt>Repo</dt><dd>{t.repo ?? "any"}</dd>
                      <dt>Vendor</dt><dd>{t.settings.vendor ?? "default"}{t.settings.model ? ` / ${t.settings.model}` : ""}</dd>
                      <dt>Priority</dt><dd>{priorityName[t.settings.priority]}</dd>
                      <dt>Git flow</dt><dd>{t.settings.gitFlow}</dd>
                      <dt>Labels</dt><dd><For each={t.settings.labels} fallback={<span class="sub">none</span>}>{(l) => <span class="chip">{l}</span>}</For></dd>
                    </dl>
                    <Show when={t.description}><pre class="log" style={{ "margin-top": "12px", "max-height": "120px" }}>{t.description}</pre></Show>
                  </article>
                )}
              </For>
            </div>
          </Show>
        )}
      </Loaded>
    </>
  )
}
