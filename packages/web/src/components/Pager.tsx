/** Previous/next through a server-side list, with "41–60 of 10,000". */
import { count } from "../lib/format.js"

export const Pager = (props: { offset: number; limit: number; total: number; onPage: (offset: number) => void }) => {
  const last = () => Math.min(props.offset + props.limit, props.total)
  return (
    <nav class="pager" aria-label="Pages">
      <span class="sub" data-testid="page-range">
        {props.total === 0 ? "0" : `${count(props.offset + 1)}–${count(last())}`} of {count(props.total)}
      </span>
      <button disabled={props.offset === 0} onClick={() => props.onPage(Math.max(0, props.offset - props.limit))}>
        Previous
      </button>
      <button disabled={last() >= props.total} onClick={() => props.onPage(props.offset + props.limit)}>
        Next
      </button>
    </nav>
  )
}
