import { type JSX, Show } from "solid-js"

export const StatCard = (props: { label: string; value: JSX.Element; hint?: JSX.Element }) => (
  <div class="stat" role="group" aria-label={props.label}>
    <div class="label">{props.label}</div>
    <div class="value">{props.value}</div>
    <Show when={props.hint}><div class="hint">{props.hint}</div></Show>
  </div>
)
