/** Repositories tasks run against, with a connection test. Tokens never reach the browser. */
import { createResource, For, Show } from "solid-js"
import { api } from "../api/client.js"
import { DataTable } from "../components/DataTable.js"
import { Loaded } from "../components/Loaded.js"

export default function Repos() {
  const [repos] = createResource(() => api.repos.list.query())
  return (
    <>
      <div class="page-head">
        <h1>Repos</h1>
        <span class="sub">Add one with <code>devserver repo add</code>.</span>
      </div>
      <section class="panel">
        <Loaded of={repos} what="Repos">
          {(list) => (
            <Show when={list.length > 0} fallback={<p class="empty">No repo yet. Tasks without a repo run in a scratch folder.</p>}>
              <DataTable label="Repos" head={<tr><th>Name</th><th>Provider</th><th class="hide-sm">Where</th><th>Branch</th><th class="hide-sm">Vendor</th><th>Active</th></tr>} rows={list}>
                {(r) => (
                  <tr>
                    <td class="mono">{r.name}</td>
                    <td>{r.provider}</td>
                    <td class="hide-sm title sub mono">{r.provider === "local" ? r.localPath : r.cloneUrl}</td>
                    <td class="mono">{r.defaultBranch}</td>
                    <td class="hide-sm">{r.defaultVendor ?? "default"}</td>
                    <td>{r.active ? <span class="badge ok">active</span> : <span class="badge">paused</span>}</td>
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
