/** Schedules: cron expressions and presets that enqueue a task or create one from a template. */
import { A } from "@solidjs/router"
import { createResource, For, Show } from "solid-js"
import { api } from "../api/client.js"
import { DataTable } from "../components/DataTable.js"
import { Loaded } from "../components/Loaded.js"
import { ago } from "../lib/format.js"

export default function Schedules() {
  const [schedules] = createResource(() => api.schedules.list.query())
  return (
    <>
      <div class="page-head"><h1>Schedules</h1><span class="sub">Add one with <code>devserver schedule add</code>.</span></div>
      <section class="panel">
        <Loaded of={schedules} what="Schedules">
          {(list) => (
            <Show when={list.length > 0} fallback={<p class="empty">No schedule yet. Try <code>@daily</code>, <code>every 2h</code> or <code>07:30 Europe/Berlin</code>.</p>}>
              <DataTable label="Schedules" head={<tr><th>Name</th><th>When</th><th>Does</th><th>Next</th><th class="hide-sm">Last</th><th>State</th></tr>} rows={list}>
                {(s) => (
                  <tr>
                    <td>{s.name}</td>
                    <td class="mono">{s.expression} <span class="sub">{s.timezone}</span></td>
                    <td>{s.target._tag === "EnqueueTask" ? <>enqueue <A href={`/tasks/${s.target.taskKey}`} class="mono">{s.target.taskKey}</A></> : `new task from template #${s.target.templateId}`}</td>
                    <td>{s.enabled ? ago(s.nextFireAt) : "—"}</td>
                    <td class="hide-sm sub">{s.lastFiredAt === null ? "never" : ago(s.lastFiredAt)}</td>
                    <td>{s.enabled ? <span class="badge ok">on</span> : <span class="badge">off</span>}</td>
                  </tr>
                )}
              </DataTable>
            </Show>
          )}
        </Loaded>
      </section>
    </>
  )
}
