/** Every task: server-side filters, search, sort and pagination; refreshed when the queue changes. */
import { A } from "@solidjs/router"
import { createEffect, createResource, For, on, Show } from "solid-js"
import { api } from "../api/client.js"
import { Loaded } from "../components/Loaded.js"
import { Pager } from "../components/Pager.js"
import { StatusBadge } from "../components/StatusBadge.js"
import { createQueue } from "../lib/createQueue.js"
import { createTaskQuery, PAGE_SIZE } from "../lib/createTaskQuery.js"
import { ago, priorityName } from "../lib/format.js"
import { STATUSES } from "../lib/statuses.js"

const columns = [
  { sort: "key", label: "Key" },
  { sort: "title", label: "Title" },
  { sort: "status", label: "Status" },
  { sort: "priority", label: "Priority" },
  { sort: undefined, label: "Repo" },
  { sort: "updated", label: "Updated" }
] as const

export default function Tasks() {
  const { params, query, set } = createTaskQuery()
  const [page, { refetch }] = createResource(query, (q) => api.tasks.list.query(q))
  const [repos] = createResource(() => api.repos.list.query())
  // A status change anywhere changes the counts: the list is fetched again (no polling).
  const { status } = createQueue()
  createEffect(on(() => JSON.stringify(status()?.counts), () => void refetch(), { defer: true }))
  let searchTimer: number | undefined
  const sortBy = (column: string) =>
    set({ sort: column, order: params.sort === column && params.order !== "asc" ? "asc" : "desc" })
  const ariaSort = (column: string | undefined) =>
    column !== undefined && (params.sort ?? "created") === column ? (params.order === "asc" ? "ascending" : "descending") : undefined
  return (
    <>
      <div class="page-head">
        <h1>Tasks</h1>
        <div class="spacer" />
        <A class="button primary" href="/new">New task</A>
      </div>
      <section class="panel">
        <div class="toolbar" role="search">
          <input
            type="search"
            placeholder="Search key or title"
            aria-label="Search tasks"
            value={params.q ?? ""}
            onInput={(e) => {
              const value = e.currentTarget.value
              clearTimeout(searchTimer)
              searchTimer = window.setTimeout(() => set({ q: value || undefined }), 250)
            }}
          />
          <select aria-label="Status" value={params.status ?? ""} onChange={(e) => set({ status: e.currentTarget.value || undefined })}>
            <option value="">Any status</option>
            <option value="running,verifying">Active</option>
            <For each={STATUSES}>{(s) => <option value={s}>{s}</option>}</For>
          </select>
          <select aria-label="Repo" value={params.repo ?? ""} onChange={(e) => set({ repo: e.currentTarget.value || undefined })}>
            <option value="">Any repo</option>
            <For each={repos.latest ?? []}>{(r) => <option value={r.name}>{r.name}</option>}</For>
          </select>
          <select aria-label="Priority" value={params.priority ?? ""} onChange={(e) => set({ priority: e.currentTarget.value || undefined })}>
            <option value="">Any priority</option>
            <For each={[1, 2, 3, 4]}>{(p) => <option value={p}>{p} · {priorityName[p]}</option>}</For>
          </select>
          <input
            aria-label="Label"
            placeholder="Label"
            size={10}
            value={params.label ?? ""}
            onChange={(e) => set({ label: e.currentTarget.value.trim() || undefined })}
          />
          <label class="check">
            <input type="checkbox" checked={params.archived === "1"} onChange={(e) => set({ archived: e.currentTarget.checked ? "1" : undefined })} />
            Archived
          </label>
        </div>
        <Loaded of={page}>
          {(p) => (
            <>
              <div class="table-wrap">
                <table aria-label="Tasks" aria-busy={page.loading}>
                  <thead>
                    <tr>
                      <For each={columns}>
                        {(c) => (
                          <th aria-sort={ariaSort(c.sort)} class={c.label === "Repo" || c.label === "Priority" ? "hide-sm" : ""}>
                            <Show when={c.sort} fallback={c.label}>
                              {(s) => <button onClick={() => sortBy(s())}>{c.label}{ariaSort(c.sort) === "ascending" ? " ↑" : ariaSort(c.sort) ? " ↓" : ""}</button>}
                            </Show>
                          </th>
                        )}
                      </For>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={p.items} fallback={<tr><td colspan="6" class="empty">No task matches these filters.</td></tr>}>
                      {(t) => (
                        <tr data-task={t.key}>
                          <td><A href={`/tasks/${t.key}`} class="mono">{t.key}</A></td>
                          <td class="title">
                            {t.title}
                            <For each={t.labels}>{(l) => <span class="chip" style={{ "margin-left": "6px" }}>{l}</span>}</For>
                            <Show when={t.archived}><span class="chip" style={{ "margin-left": "6px" }}>archived</span></Show>
                          </td>
                          <td><StatusBadge status={t.status} /></td>
                          <td class="hide-sm">{priorityName[t.priority] ?? t.priority}</td>
                          <td class="hide-sm">{t.repo ?? <span class="sub">none</span>}</td>
                          <td class="sub">{ago(t.updatedAt)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <Pager offset={query().offset ?? 0} limit={PAGE_SIZE} total={p.total} onPage={(offset) => set({ offset: String(offset) })} />
            </>
          )}
        </Loaded>
      </section>
    </>
  )
}
