import { A } from "@solidjs/router"

export default function NotFound() {
  return (
    <section class="panel empty">
      <h1>Page not found</h1>
      <p>There is no page at this address. <A href="/">Go to the dashboard</A>.</p>
    </section>
  )
}
