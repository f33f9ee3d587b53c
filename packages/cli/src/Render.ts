/** Output helpers: aligned tables, key/value blocks, relative times and JSON, all through `Console`. */
import { Console } from "effect"

export const json = (value: unknown) => Console.log(JSON.stringify(value, null, 2))

/** `5s ago`, `3m ago`, `2h ago`, `4d ago`, or `in 10m` for a future time; `-` for none. */
export const ago = (date: Date | null | undefined, now: number = Date.now()): string => {
  if (!date) return "-"
  const seconds = Math.round((now - date.getTime()) / 1000)
  const abs = Math.abs(seconds)
  const span = abs < 60 ? `${abs}s` : abs < 3600 ? `${Math.floor(abs / 60)}m` : abs < 86400 ? `${Math.floor(abs / 3600)}h` : `${Math.floor(abs / 86400)}d`
  return seconds >= 0 ? `${span} ago` : `in ${span}`
}

/** `850ms`, `12s`, `3m05s`, `1h02m`. */
export const duration = (ms: number | null | undefined): string => {
  if (ms === null || ms === undefined) return "-"
  if (ms < 1000) return `${Math.round(ms)}ms`
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
}

/** Terminal width: COLUMNS, else the terminal's; none when piped (nothing is cut). */
const width = (): number | undefined => {
  const columns = Number(process.env.COLUMNS)
  if (Number.isInteger(columns) && columns > 20) return columns
  return process.stdout.isTTY ? process.stdout.columns : undefined
}

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`)

/**
 * A left-aligned table with a header row; empty listings print `(none)`. When the terminal is narrower
 * than the table, the last column is cut to fit (with `…`).
 */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) => {
  if (rows.length === 0) return Console.log("(none)")
  const clean = rows.map((r) => r.map((c) => c.replace(/\s+/g, " ")))
  const widths = headers.map((h, i) => Math.max(h.length, ...clean.map((r) => (r[i] ?? "").length)))
  const limit = width()
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0)
  const lastMax = limit === undefined ? Infinity : Math.max(8, limit - fixed)
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((c, i) => (i === cells.length - 1 ? cut(c, lastMax) : c.padEnd(widths[i] ?? 0))).join("  ").trimEnd()
  return Console.log([line(headers), ...clean.map(line)].join("\n"))
}

/** `key: value` lines, aligned; a value's further lines are indented under its first. */
export const fields = (entries: ReadonlyArray<readonly [string, string]>) => {
  const keyWidth = Math.max(...entries.map(([k]) => k.length))
  const indent = `\n${" ".repeat(keyWidth + 2)}`
  return Console.log(entries.map(([k, v]) => `${`${k}:`.padEnd(keyWidth + 2)}${v.split("\n").join(indent)}`).join("\n"))
}
