/** The outcome forecast from the repo's similar finished tasks, with those tasks listed so a person can judge. */
import { A } from "@solidjs/router"
import { createResource, For, Show } from "solid-js"
import { api } from "../../api/client.js"
import { duration, percent } from "../../lib/format.js"

export const ForecastPanel = (props: { taskKey: string; version: unknown }) => {
  const [forecast] = createResource(() => [props.taskKey, props.version] as const, ([key]) => api.insight.forecast.query({ key }))
  return (
    <section class="panel" aria-labelledby="forecast-h" data-testid="forecast">
      <h2 id="forecast-h">Forecast</h2>
      <Show when={forecast.latest} fallback={<p class="empty">{forecast.error ? "Forecast unavailable." : "Loading…"}</p>}>
        {(f) => (
          <>
            <dl class="kv">
              <dt>Success</dt>
              <dd>{f().successProbability === null ? <span class="sub">unknown (no finished task in this repo)</span> : percent(f().successProbability)}</dd>
              <dt>Agent time</dt>
              <dd>{duration(f().expectedDurationMs)}</dd>
              <dt>Turns</dt>
              <dd>{f().expectedTurns === null ? "—" : Math.round(f().expectedTurns!)}</dd>
              <dt>Based on</dt>
              <dd>{f().sampleSize} similar task{f().sampleSize === 1 ? "" : "s"}</dd>
            </dl>
            <Show when={f().similar.length > 0}>
              <ul class="plain" aria-label="Similar tasks" style={{ "margin-top": "8px" }}>
                <For each={f().similar}>
                  {(s) => (
                    <li>
                      <A href={`/tasks/${s.key}`} class="mono">{s.key}</A> {s.title}{" "}
                      <span class="sub">· {s.delivered ? "delivered" : "failed"} · {duration(s.durationMs)} · {s.turns} turns</span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Show>
    </section>
  )
}
