/** Typed settings (each control follows its value's type) and the environment, masked by the server. */
import { createResource, For, Match, Show, Switch } from "solid-js"
import { api, type Outputs } from "../api/client.js"
import { ActionButton } from "../components/ActionButton.js"
import { Loaded } from "../components/Loaded.js"

type SettingRow = Outputs["settings"]["list"][number]

const Control = (props: { row: SettingRow; onSaved: () => void }) => {
  let input!: HTMLInputElement | HTMLTextAreaElement
  const value = () => props.row.value as unknown
  const save = (next: unknown) => api.settings.set.mutate({ key: props.row.key, value: next } as never)
  const parsed = () => {
    const raw = input.value.trim()
    if (typeof value() === "number") return Number(raw)
    if (raw === "") return null
    try {
      return typeof value() === "string" ? raw : JSON.parse(raw)
    } catch {
      return raw
    }
  }
  return (
    <Switch>
      <Match when={typeof value() === "boolean"}>
        <label class="check">
          <input type="checkbox" checked={value() === true} aria-label={props.row.key} onChange={(e) => void save(e.currentTarget.checked).then(props.onSaved)} />
          {value() ? "on" : "off"}
        </label>
      </Match>
      <Match when={true}>
        <div class="control">
          <Show
            when={value() !== null && typeof value() === "object"}
            fallback={<input ref={(el) => (input = el)} aria-label={props.row.key} type={typeof value() === "number" ? "number" : "text"} value={value() === null ? "" : String(value())} placeholder="not set" />}
          >
            <textarea ref={(el) => (input = el)} aria-label={props.row.key} rows={3} value={JSON.stringify(value(), null, 2)} />
          </Show>
          <ActionButton run={() => save(parsed())} onDone={props.onSaved} label={`Save ${props.row.key}`}>Save</ActionButton>
        </div>
      </Match>
    </Switch>
  )
}

export default function Settings() {
  const [settings, { refetch }] = createResource(() => api.settings.list.query())
  const [env] = createResource(() => api.settings.environment.query())
  return (
    <>
      <div class="page-head"><h1>Settings</h1></div>
      <section class="panel" aria-labelledby="settings-h">
        <h2 id="settings-h">Settings</h2>
        <Loaded of={settings} what="Settings">
          {(rows) => (
            <ul class="settings" aria-label="Settings">
              <For each={rows}>
                {(row) => (
                  <li data-setting={row.key}>
                    <div>
                      <div class="mono">{row.key}{row.isDefault ? <span class="chip" style={{ "margin-left": "6px" }}>default</span> : null}</div>
                      <div class="sub">{row.description}</div>
                    </div>
                    <Control row={row} onSaved={() => void refetch()} />
                  </li>
                )}
              </For>
            </ul>
          )}
        </Loaded>
      </section>
      <section class="panel" aria-labelledby="env-h">
        <h2 id="env-h">Environment</h2>
        <p class="sub">Secrets are masked by the server; their values never reach this page.</p>
        <Loaded of={env} what="The environment">
          {(rows) => (
            <div class="table-wrap">
              <table aria-label="Environment">
                <tbody>
                  <For each={rows}>
                    {(row) => (
                      <tr>
                        <td class="mono">{row.name}</td>
                        <td class="mono title">
                          {row.kind === "secret" ? (row.set ? "•••••• (set)" : <span class="sub">not set</span>) : row.shown ?? <span class="sub">not set</span>}
                          {row.kind === "secret" ? <span class="chip" style={{ "margin-left": "6px" }}>secret</span> : null}
                        </td>
                        <td class="title sub hide-sm">{row.description}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </Loaded>
      </section>
    </>
  )
}
