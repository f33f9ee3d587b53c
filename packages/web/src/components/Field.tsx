/** A labelled form control: the label names the control alone (not its options or value). */
import { createUniqueId, type JSX } from "solid-js"

export const Field = (props: { label: string; wide?: boolean; children: (id: string) => JSX.Element }) => {
  const id = createUniqueId()
  return (
    <div class="field" classList={{ wide: props.wide === true }}>
      <label for={id}>{props.label}</label>
      {props.children(id)}
    </div>
  )
}
