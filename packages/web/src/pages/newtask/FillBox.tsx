/** "Fill from one line": the system LLM drafts title, description, acceptance, priority, labels and turns. */
import { createSignal, Show } from "solid-js"
import { api, type Outputs } from "../../api/client.js"
import { errorText } from "../../lib/errorText.js"

export type Draft = Outputs["authoring"]["fill"]

export const FillBox = (props: { repo: () => string; onDraft: (draft: Draft) => void }) => {
  const [text, setText] = createSignal("")
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  const fill = async (e: SubmitEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      props.onDraft(await api.authoring.fill.mutate({ text: text(), repo: props.repo() === "" ? null : props.repo() }))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="panel toolbar" style={{ margin: "0 0 16px" }} onSubmit={fill} aria-label="Draft the task with the system LLM">
      <label for="fill-line" style={{ "font-weight": 550 }}>Fill from one line</label>
      <input
        id="fill-line"
        style={{ flex: "1 1 320px" }}
        required
        maxLength={2000}
        placeholder="e.g. the login test is flaky on CI"
        value={text()}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit" disabled={busy()} aria-busy={busy()}>{busy() ? "Drafting…" : "Fill the form"}</button>
      <Show when={error()}>{(m) => <span class="error" role="alert">{m()}</span>}</Show>
    </form>
  )
}
