/** Outcomes, cost (failed attempts included), agent time and turns over 7–90 days, with charts. */
import type { ChartConfiguration } from "chart.js"
import { createResource, createSignal, For, Show } from "solid-js"
import { api, type Outputs } from "../../api/client.js"
import { Chart } from "../../components/Chart.js"
import { StatCard } from "../../components/StatCard.js"
import { Unavailable } from "../../components/Unavailable.js"
import { count, duration, percent, usd } from "../../lib/format.js"

type Summary = Outputs["stats"]["summary"]
const RANGES = [7, 14, 30, 90] as const
const palette = ["#6366f1", "#10b981", "#f59e0b", "#ef4444", "#06b6d4", "#a855f7", "#84cc16"]

const perTaskChart = (s: Summary): ChartConfiguration => ({
  type: "bar",
  data: {
    labels: s.perDay.map((d) => d.day.slice(5)),
    datasets: [
      { type: "bar", label: "Avg. duration (min)", data: s.perDay.map((d) => (d.avgDurationMs ?? 0) / 60000), backgroundColor: palette[0], yAxisID: "y" },
      { type: "line", label: "Avg. turns", data: s.perDay.map((d) => d.avgTurns ?? 0), borderColor: palette[1], backgroundColor: palette[1], yAxisID: "y1" }
    ]
  },
  options: { scales: { x: {}, y: { beginAtZero: true, position: "left" }, y1: { beginAtZero: true, position: "right" } } }
})

const costChart = (s: Summary): ChartConfiguration => {
  const days = s.perDay.map((d) => d.day)
  const vendors = [...new Set(s.perVendorDay.map((r) => r.vendor))]
  return {
    type: "bar",
    data: {
      labels: days.map((d) => d.slice(5)),
      datasets: vendors.map((vendor, i) => ({
        label: vendor,
        backgroundColor: palette[i % palette.length],
        data: days.map((day) => s.perVendorDay.find((r) => r.day === day && r.vendor === vendor)?.costUsd ?? 0)
      }))
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
  }
}

const shareChart = (s: Summary): ChartConfiguration => ({
  type: "doughnut",
  data: {
    labels: s.vendorShare.map((v) => v.vendor),
    datasets: [{ data: s.vendorShare.map((v) => v.runs), backgroundColor: s.vendorShare.map((_, i) => palette[i % palette.length]!), borderWidth: 0 }]
  },
  options: { plugins: { legend: { position: "right" } } }
})

export const Analytics = () => {
  const [days, setDays] = createSignal<number>(7)
  const [summary] = createResource(days, (d) => api.stats.summary.query({ days: d }))
  return (
    <section class="panel" aria-labelledby="analytics-h" style={{ "margin-top": "16px" }}>
      <div class="toolbar">
        <h2 id="analytics-h" style={{ margin: 0 }}>Analytics</h2>
        <span class="spacer" />
        <div class="segmented" role="group" aria-label="Period">
          <For each={RANGES}>
            {(d) => <button aria-pressed={days() === d} onClick={() => setDays(d)}>{d} days</button>}
          </For>
        </div>
      </div>
      <Show when={!summary.error} fallback={<Unavailable error={summary.error} what="Analytics" />}>
        <Show when={summary.latest} fallback={<p class="empty">Loading…</p>}>
          {(s) => (
            <>
              <div class="stats">
                <StatCard label="Completed" value={count(s().totals.completed)} />
                <StatCard label="Failed" value={count(s().totals.failed)} />
                <StatCard label="Success rate" value={percent(s().totals.successRate)} />
                <StatCard label="Total cost" value={usd(s().totals.costUsd)} hint={`${usd(s().totals.failedCostUsd)} on failed attempts`} />
                <StatCard label="Agent time" value={duration(s().totals.agentMs)} hint={`${count(s().totals.runs)} attempts`} />
                <StatCard label="Turns" value={count(s().totals.turns)} />
              </div>
              <div class="grid cols-3" style={{ "margin-top": "16px" }}>
                <div>
                  <h3>Duration and turns per task</h3>
                  <Show when={s().totals.runs > 0} fallback={<p class="empty">No runs in this period.</p>}>
                    <Chart config={perTaskChart(s())} label="Average duration and turns per task" />
                  </Show>
                </div>
                <div>
                  <h3>Cost per vendor per day</h3>
                  <Show when={s().perVendorDay.length > 0} fallback={<p class="empty">No runs in this period.</p>}>
                    <Chart config={costChart(s())} label="Cost per vendor per day" />
                  </Show>
                </div>
                <div>
                  <h3>Vendor share</h3>
                  <Show when={s().vendorShare.length > 0} fallback={<p class="empty">No runs in this period.</p>}>
                    <Chart config={shareChart(s())} label="Share of runs per vendor" />
                  </Show>
                </div>
              </div>
            </>
          )}
        </Show>
      </Show>
    </section>
  )
}
