import type { LiveState } from "../lib/createLive.js"

const text: Record<LiveState, string> = { connecting: "connecting…", live: "live", reconnecting: "reconnecting…", closed: "offline" }

/** The state of a live subscription, announced politely to screen readers. */
export const LiveDot = (props: { state: LiveState }) => (
  <span class={`live-dot ${props.state}`} role="status" aria-live="polite" data-live={props.state}>{text[props.state]}</span>
)
