/** A table that scrolls sideways on a narrow screen: a header row and one row per item. */
import { For, type JSX, Show } from "solid-js"

export const DataTable = <T,>(props: { label: string; head?: JSX.Element; rows: ReadonlyArray<T>; children: (row: T) => JSX.Element }) => (
  <div class="table-wrap">
    <table aria-label={props.label}>
      <Show when={props.head}><thead>{props.head}</thead></Show>
      <tbody>
        <For each={props.rows}>{props.children}</For>
      </tbody>
    </table>
  </div>
)
