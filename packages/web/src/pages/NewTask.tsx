/** A new task, from scratch, a template or one line (Fill Task); the server validates and words any refusal. */
import { useNavigate } from "@solidjs/router"
import { createResource, createSignal, For, Show } from "solid-js"
import { api, type Inputs } from "../api/client.js"
import { Field } from "../components/Field.js"
import { errorText } from "../lib/errorText.js"
import { priorityName } from "../lib/format.js"
import { type Draft, FillBox } from "./newtask/FillBox.js"

type TaskInput = Inputs["tasks"]["create"]
const VENDORS = ["anthropic", "glm", "google", "openai", "command"]

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim()
const orNull = (value: string) => (value === "" ? null : value)

const toInput = (form: FormData): TaskInput => ({
  ...(text(form, "key") ? { key: text(form, "key") } : {}),
  title: text(form, "title"),
  description: String(form.get("description") ?? ""),
  acceptance: String(form.get("acceptance") ?? ""),
  repo: orNull(text(form, "repo")),
  priority: Number(text(form, "priority") || 3),
  labels: text(form, "labels").split(/[\s,]+/).filter((l) => l !== ""),
  vendor: orNull(text(form, "vendor")),
  model: orNull(text(form, "model")),
  gitFlow: (text(form, "gitFlow") || "pr") as "pr",
  mode: (text(form, "mode") || "autonomous") as "autonomous",
  maxTurns: text(form, "maxTurns") === "" ? null : Number(text(form, "maxTurns"))
}) as TaskInput

export default function NewTask() {
  const navigate = useNavigate()
  const [repos] = createResource(() => api.repos.list.query())
  const [templates] = createResource(() => api.templates.list.query().catch(() => []))
  const [template, setTemplate] = createSignal<Record<string, unknown>>({})
  const pick = (id: string) => {
    const t = (templates.latest ?? []).find((x) => String(x.id) === id)
    setTemplate(t === undefined ? {} : { title: t.title, description: t.description, acceptance: t.acceptance, repo: t.repo ?? "", ...t.settings })
  }
  // A draft keeps the chosen template's other settings and the repo picked so far.
  const [picked, setRepo] = createSignal("")
  const repo = () => picked() || String(template().repo ?? "")
  const fill = (d: Draft) =>
    setTemplate({ ...template(), title: d.title, description: d.description, acceptance: d.acceptance, priority: d.priority, labels: [...d.labels], repo: repo(), maxTurns: d.maxTurns ?? "" })
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  const v = (name: string, fallback = "") => String(template()[name] ?? fallback)
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget as HTMLFormElement)
    const enqueue = (e.submitter as HTMLButtonElement | null)?.value === "enqueue"
    setBusy(true)
    setError(null)
    try {
      const task = await api.tasks.create.mutate(toInput(form))
      if (enqueue) await api.tasks.enqueue.mutate({ key: task.key })
      navigate(`/tasks/${task.key}`)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <div class="page-head">
        <h1>New task</h1>
        <div class="spacer" />
        <label class="check">
          Template
          <select aria-label="Start from a template" onChange={(e) => pick(e.currentTarget.value)}>
            <option value="">None</option>
            <For each={templates.latest ?? []}>{(t) => <option value={t.id}>{t.name}</option>}</For>
          </select>
        </label>
      </div>
      <FillBox repo={repo} onDraft={fill} />
      <form class="panel form" onSubmit={submit} aria-label="New task">
        <Field label="Title" wide>{(id) => (<input id={id} name="title" required maxLength={200} placeholder="Fix the flaky login test" value={v("title")} />)}</Field>
        <Field label="Repo">{(id) => (<select id={id} name="repo" value={v("repo")} onChange={(e) => setRepo(e.currentTarget.value)}>
            <option value="">None (scratch folder)</option>
            <For each={repos.latest ?? []}>{(r) => <option value={r.name}>{r.name}</option>}</For>
          </select>)}</Field>
        <Field label="Key (optional)">{(id) => (<input id={id} name="key" placeholder="generated, e.g. API-42" pattern="[A-Za-z0-9][A-Za-z0-9_\-]{0,63}" />)}</Field>
        <Field label="Description" wide>{(id) => (<textarea id={id} name="description" rows={6} placeholder="What to do, in as much detail as helps. For the command vendor: the command line to run." value={v("description")} />)}</Field>
        <Field label="Acceptance criteria" wide>{(id) => (<textarea id={id} name="acceptance" rows={3} value={v("acceptance")} />)}</Field>
        <Field label="Priority">{(id) => (<select id={id} name="priority" value={v("priority", "3")}>
            <For each={[1, 2, 3, 4]}>{(p) => <option value={p}>{p} · {priorityName[p]}</option>}</For>
          </select>)}</Field>
        <Field label="Labels">{(id) => (<input id={id} name="labels" placeholder="lint, tests" value={((template().labels as Array<string> | undefined) ?? []).join(", ")} />)}</Field>
        <Field label="Vendor">{(id) => (<select id={id} name="vendor" value={v("vendor")}>
            <option value="">Default</option>
            <For each={VENDORS}>{(x) => <option value={x}>{x}</option>}</For>
          </select>)}</Field>
        <Field label="Model">{(id) => (<input id={id} name="model" placeholder="vendor default" value={v("model")} />)}</Field>
        <Field label="Git flow">{(id) => (<select id={id} name="gitFlow" value={v("gitFlow", "pr")}>
            <option value="pr">Pull request</option><option value="commit">Commit</option><option value="patch">Patch series</option><option value="untracked">Uncommitted changes</option>
          </select>)}</Field>
        <Field label="Mode">{(id) => (<select id={id} name="mode" value={v("mode", "autonomous")}>
            <option value="autonomous">Autonomous</option><option value="interactive">Interactive (approve the plan first)</option>
          </select>)}</Field>
        <Field label="Max turns">{(id) => (<input id={id} name="maxTurns" type="number" min="1" placeholder="unlimited" value={v("maxTurns")} />)}</Field>
        <div class="wide toolbar" style={{ margin: 0 }}>
          <button type="submit" value="create" disabled={busy()}>Create</button>
          <button type="submit" value="enqueue" class="primary" disabled={busy()}>Create and enqueue</button>
          <Show when={error()}>{(m) => <span class="error" role="alert">{m()}</span>}</Show>
        </div>
      </form>
    </>
  )
}
