/**
 * A Chart.js chart: created on mount (chart.js is loaded on first use, so it stays out of the first
 * page's bundle), updated in an effect when its data changes, destroyed on cleanup. Colours follow
 * the theme's CSS variables.
 */
import type { ChartConfiguration, Chart as ChartJs } from "chart.js"
import { createEffect, on, onCleanup, onMount } from "solid-js"

const loadChartJs = () =>
  import("chart.js").then(({ Chart, registerables }) => {
    Chart.register(...registerables)
    return Chart
  })

const themed = (config: ChartConfiguration): ChartConfiguration => {
  const style = getComputedStyle(document.documentElement)
  const text = style.getPropertyValue("--muted").trim()
  const grid = style.getPropertyValue("--border").trim()
  const scales = Object.fromEntries(
    Object.entries((config.options?.scales ?? {}) as Record<string, object>).map(([k, v]) => [k, { ...v, ticks: { color: text }, grid: { color: grid } }])
  )
  return {
    ...config,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      ...config.options,
      scales,
      plugins: { ...config.options?.plugins, legend: { labels: { color: text, boxWidth: 12 }, ...config.options?.plugins?.legend } }
    }
  } as ChartConfiguration
}

export const Chart = (props: { config: ChartConfiguration; label: string }) => {
  let canvas!: HTMLCanvasElement
  let chart: ChartJs | undefined
  let disposed = false
  onMount(() => {
    void loadChartJs().then((ChartJs) => {
      if (disposed) return
      chart = new ChartJs(canvas, themed(props.config))
    })
    // The theme's colours are read when drawing: redraw when the theme changes.
    const observer = new MutationObserver(() => {
      if (chart === undefined) return
      const next = themed(props.config)
      chart.options = next.options ?? {}
      chart.update()
    })
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] })
    onCleanup(() => observer.disconnect())
  })
  createEffect(on(() => props.config, (config) => {
    if (chart === undefined) return
    const next = themed(config)
    chart.data = next.data
    chart.options = next.options ?? {}
    chart.update()
  }, { defer: true }))
  onCleanup(() => {
    disposed = true
    chart?.destroy()
  })
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  )
}
