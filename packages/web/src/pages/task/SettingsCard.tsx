/** The agent settings sidebar: what the task runs with, its description and acceptance criteria. */
import { For, Show } from "solid-js"
import type { Outputs } from "../../api/client.js"
import { ago, priorityName, usd } from "../../lib/format.js"

type Task = Outputs["tasks"]["get"]

export const SettingsCard = (props: { task: Task; onSaved: () => void }) => {
  const t = () => props.task
  return (
    <aside class="panel" aria-labelledby="settings-h">
      <h2 id="settings-h">Settings</h2>
      <dl class="kv">
        <dt>Repo</dt><dd>{t().repo ?? "none (scratch folder)"}</dd>
        <dt>Priority</dt><dd>{t().priority} · {priorityName[t().priority]}</dd>
        <dt>Vendor</dt><dd>{t().vendor ?? "default"}{t().model ? ` / ${t().model}` : ""}</dd>
        <dt>Backup</dt><dd>{t().backupVendor ?? "none"}{t().backupModel ? ` / ${t().backupModel}` : ""}</dd>
        <dt>Billing</dt><dd>{t().billingMode}</dd>
        <dt>Mode</dt><dd>{t().mode}</dd>
        <dt>Max turns</dt><dd>{t().maxTurns ?? "unlimited"}</dd>
        <dt>Verification</dt><dd>{t().skipVerification ? "skipped" : "on"}</dd>
        <dt>Budget</dt><dd>{t().maxUsd === null ? "no cost cap" : usd(t().maxUsd)}{t().maxWallSeconds === null ? "" : ` · ${Math.round((t().maxWallSeconds ?? 0) / 60)} min`}</dd>
        <dt>Labels</dt><dd><For each={t().labels} fallback={<span class="sub">none</span>}>{(l) => <span class="chip">{l}</span>}</For></dd>
        <Show when={t().dependsOn.length > 0}><dt>Depends on</dt><dd class="mono">{t().dependsOn.join(", ")}</dd></Show>
        <dt>Created</dt><dd>{ago(t().createdAt)}</dd>
      </dl>
      <Show when={t().description}>
        <h3 style={{ "margin-top": "16px" }}>Description</h3>
        <pre style={{ "white-space": "pre-wrap", margin: 0 }}>{t().description}</pre>
      </Show>
      <Show when={t().acceptance}>
        <h3 style={{ "margin-top": "16px" }}>Acceptance</h3>
        <pre style={{ "white-space": "pre-wrap", margin: 0 }}>{t().acceptance}</pre>
      </Show>
    </aside>
  )
}
