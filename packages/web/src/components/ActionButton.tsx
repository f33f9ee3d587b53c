/** A button that runs an API call: disabled while it runs, its error shown beside it. */
import { createSignal, type JSX, Show } from "solid-js"
import { errorText } from "../lib/errorText.js"

export const ActionButton = (props: {
  run: () => Promise<unknown>
  children: JSX.Element
  class?: string
  label?: string
  disabled?: boolean
  onDone?: () => void
}) => {
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  const click = async () => {
    setBusy(true)
    setError(null)
    try {
      await props.run()
      props.onDone?.()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button class={props.class} aria-label={props.label} disabled={props.disabled === true || busy()} aria-busy={busy()} onClick={click}>
        {props.children}
      </button>
      <Show when={error()}>{(text) => <span class="error" role="alert">{text()}</span>}</Show>
    </>
  )
}
