/** Display formats shared by every page. Dates arrive from the API as ISO strings. */

export const toDate = (value: string | Date | null | undefined): Date | null =>
  value === null || value === undefined ? null : value instanceof Date ? value : new Date(value)

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" })
const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [["second", 60], ["minute", 60], ["hour", 24], ["day", 30], ["month", 12], ["year", Infinity]]

/** "3 minutes ago", "in 2 hours". */
export const ago = (value: string | Date | null | undefined, now = Date.now()): string => {
  const date = toDate(value)
  if (date === null) return "—"
  let delta = (date.getTime() - now) / 1000
  for (const [unit, size] of steps) {
    if (Math.abs(delta) < size) return rtf.format(Math.round(delta), unit)
    delta /= size
  }
  return date.toLocaleString()
}

/** "2026-12-02 05:41:07" in local time. */
export const stamp = (value: string | Date | null | undefined): string => {
  const date = toDate(value)
  if (date === null) return "—"
  const p = (n: number) => String(n).padStart(2, "0")
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`
}

/** "05:41:07.123" for log lines. */
export const clock = (value: string | Date | null | undefined): string => {
  const date = toDate(value)
  if (date === null) return ""
  return date.toTimeString().slice(0, 8) + "." + String(date.getMilliseconds()).padStart(3, "0")
}

/** "1h 02m", "3m 05s", "12s". */
export const duration = (ms: number | null | undefined): string => {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—"
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`
}

/** "$0.42", "$12.30", "—". */
export const usd = (value: number | null | undefined): string =>
  value === null || value === undefined ? "—" : `$${value < 10 ? value.toFixed(2) : value.toFixed(value < 1000 ? 1 : 0)}`

export const count = (value: number | null | undefined): string =>
  value === null || value === undefined ? "—" : value.toLocaleString("en")

export const percent = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value) ? "—" : `${Math.round(value * 100)}%`

export const priorityName: Record<number, string> = { 1: "critical", 2: "high", 3: "normal", 4: "low" }
