/** Run history: one row per attempt, with cost recorded for failed attempts too. */
import { createResource, For, Show } from "solid-js"
import { api } from "../../api/client.js"
import { DataTable } from "../../components/DataTable.js"
import { StatusBadge } from "../../components/StatusBadge.js"
import { Unavailable } from "../../components/Unavailable.js"
import { duration, stamp, usd } from "../../lib/format.js"

export const Runs = (props: { taskKey: string; version: number | undefined }) => {
  const [runs] = createResource(() => [props.taskKey, props.version] as const, ([taskKey]) => api.runs.list.query({ key: taskKey }))
  return (
    <section class="panel" aria-labelledby="runs-h">
      <h2 id="runs-h">Runs</h2>
      <Show when={!runs.error} fallback={<Unavailable error={runs.error} what="Runs" />}>
        <Show when={(runs.latest ?? []).length > 0} fallback={<p class="empty">No attempt yet.</p>}>
          <DataTable label="Runs" head={<tr><th>#</th><th>Vendor</th><th>Status</th><th>Started</th><th class="num">Duration</th><th class="num">Turns</th><th class="num">Cost</th><th>Error</th></tr>} rows={runs.latest ?? []}>
            {(r) => (
              <tr>
                <td>{r.attempt}</td>
                <td>{r.vendor}<Show when={r.model}><span class="sub"> / {r.model}</span></Show></td>
                <td><StatusBadge status={r.status} /></td>
                <td class="sub">{stamp(r.startedAt)}</td>
                <td class="num">{duration(r.durationMs)}</td>
                <td class="num">{r.turns ?? "—"}</td>
                <td class="num">{usd(r.costUsd)}</td>
                <td class="title sub">{r.errorClass ?? ""}{r.errorExcerpt ? `: ${r.errorExcerpt}` : ""}</td>
              </tr>
            )}
          </DataTable>
        </Show>
      </Show>
    </section>
  )
}
