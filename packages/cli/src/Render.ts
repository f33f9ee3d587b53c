/** Output helpers: a plain-text table, key/value blocks and JSON, all through `Console`. */
import { Console } from "effect"

export const json = (value: unknown) => Console.log(JSON.stringify(value, null, 2))

/** A left-aligned table with a header row; empty listings print `(none)`. */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) => {
  if (rows.length === 0) return Console.log("(none)")
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd()
  return Console.log([line(headers), ...rows.map(line)].join("\n"))
}

/** `key: value` lines, aligned. */
export const fields = (entries: ReadonlyArray<readonly [string, string]>) => {
  const width = Math.max(...entries.map(([k]) => k.length))
  return Console.log(entries.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`).join("\n"))
}
