/** Renders a resource: its value, a quiet loading line, or why it is unavailable. */
import { type JSX, Match, type Resource, Switch } from "solid-js"
import { Unavailable } from "./Unavailable.js"

export const Loaded = <T,>(props: { of: Resource<T>; children: (value: T) => JSX.Element; what?: string }) => (
  <Switch>
    <Match when={props.of.error !== undefined && props.of.error !== null}>
      <Unavailable error={props.of.error} what={props.what ?? "These"} />
    </Match>
    <Match when={props.of.latest !== undefined}>{props.children(props.of.latest as T)}</Match>
    <Match when={true}><p class="empty">Loading…</p></Match>
  </Switch>
)
