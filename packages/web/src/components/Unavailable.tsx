/** What a page shows while the server does not offer its data yet, or when loading it failed. */
import { errorText, missing } from "../lib/errorText.js"

export const Unavailable = (props: { error: unknown; what: string }) => (
  <p class={missing(props.error) ? "empty" : "error"} role={missing(props.error) ? "status" : "alert"}>
    {missing(props.error) ? `${props.what} will appear here once the server offers them.` : errorText(props.error)}
  </p>
)
