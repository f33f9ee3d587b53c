/** Keeps a scrolling box at its end as content grows, unless the reader has scrolled up. */
import { type Accessor, createEffect, on } from "solid-js"

export const createFollow = (box: () => HTMLElement | undefined, grows: Accessor<unknown>) => {
  let follow = true
  createEffect(on(grows, () => {
    const el = box()
    if (el !== undefined && follow) el.scrollTop = el.scrollHeight
  }))
  return (event: Event) => {
    const el = event.currentTarget as HTMLElement
    follow = el.scrollTop + el.clientHeight >= el.scrollHeight - 8
  }
}
