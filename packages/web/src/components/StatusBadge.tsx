/** A task or run status as a coloured badge; running ones pulse. */
export const StatusBadge = (props: { status: string }) => (
  <span class={`badge s-${props.status}`} data-status={props.status}>{props.status}</span>
)
