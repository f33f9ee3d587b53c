/**
 * The backup archive: gzip-compressed lines. The first line is a header (format, version, the schema's
 * migrations), then per table a `{"table":…}` line followed by `{"rows":[…]}` lines (PostgreSQL's own
 * JSON text, kept verbatim so no value is reinterpreted), a `{"sequences":…}` line, one
 * `{"file":…,"data":base64}` line per file of the data folder's artifacts and logs, and a trailer
 * with the SHA-256 of every line before it. An archive whose gzip stream, line structure or checksum
 * is wrong — truncated, corrupted, or not a DevServer backup — is refused before anything is changed.
 */
import { Schema } from "effect"
import * as crypto from "node:crypto"
import * as zlib from "node:zlib"

export const FORMAT = "devserver-backup"
export const VERSION = 1

/** A backup could not be written or read, or does not fit this install. */
export class BackupError extends Schema.TaggedError<BackupError>()("BackupError", {
  reason: Schema.Literal("Corrupt", "Incompatible", "NotEmpty", "Io"),
  detail: Schema.String
}) {
  override get message() {
    return this.detail
  }
}

export interface Header {
  readonly format: typeof FORMAT
  readonly version: number
  readonly createdAt: string
  readonly migrations: ReadonlyArray<number>
}

export type Entry =
  | { readonly _tag: "Table"; readonly name: string; readonly columns: ReadonlyArray<string>; readonly pages: Array<string> }
  | { readonly _tag: "Sequences"; readonly sequences: ReadonlyArray<{ name: string; lastValue: number; isCalled: boolean }> }
  | { readonly _tag: "File"; readonly path: string; readonly data: Buffer }

/** Builds the archive's lines and their checksum as they are added. */
export const writer = (header: Header) => {
  const lines: Array<string> = []
  const hash = crypto.createHash("sha256")
  const push = (line: string) => {
    hash.update(line).update("\n")
    lines.push(line)
  }
  push(JSON.stringify(header))
  return {
    table: (name: string, columns: ReadonlyArray<string>) => push(JSON.stringify({ table: name, columns })),
    // PostgreSQL separates array elements with newlines; inside JSON strings a newline is always escaped.
    rows: (json: string) => push(`{"rows":${json.replace(/\n/g, "")}}`),
    sequences: (sequences: Extract<Entry, { _tag: "Sequences" }>["sequences"]) => push(JSON.stringify({ sequences })),
    file: (path: string, data: Buffer) => push(JSON.stringify({ file: path, data: data.toString("base64") })),
    /** The whole archive, gzip-compressed, with its trailer. */
    finish: (): Buffer => zlib.gzipSync(`${lines.join("\n")}\n${JSON.stringify({ end: true, sha256: hash.digest("hex") })}\n`)
  }
}

const corrupt = (detail: string) => new BackupError({ reason: "Corrupt", detail: `not a complete DevServer backup: ${detail}; nothing was changed` })

/** Reads and verifies an archive; throws `BackupError` (Corrupt) for anything but a whole, intact one. */
export const read = (archive: Buffer): { header: Header; entries: Array<Entry> } => {
  let text: string
  try {
    text = zlib.gunzipSync(archive).toString("utf8")
  } catch (e) {
    throw corrupt(`the compressed data is damaged or cut short (${(e as Error).message})`)
  }
  const lines = text.split("\n")
  if (lines.at(-1) === "") lines.pop()
  const trailerLine = lines.pop()
  let trailer: { end?: boolean; sha256?: string }
  try {
    trailer = JSON.parse(trailerLine ?? "")
  } catch {
    throw corrupt("the end marker is missing")
  }
  if (trailer.end !== true) throw corrupt("the end marker is missing")
  const hash = crypto.createHash("sha256")
  for (const line of lines) hash.update(line).update("\n")
  if (hash.digest("hex") !== trailer.sha256) throw corrupt("the checksum does not match")
  const header = JSON.parse(lines[0] ?? "{}") as Header
  if (header.format !== FORMAT) throw corrupt("unknown format")
  if (header.version !== VERSION) throw new BackupError({ reason: "Incompatible", detail: `backup format ${header.version} is not supported (expected ${VERSION})` })
  const entries: Array<Entry> = []
  for (const line of lines.slice(1)) {
    if (line.startsWith("{\"rows\":")) {
      const table = entries.at(-1)
      if (table?._tag !== "Table") throw corrupt("rows outside a table")
      table.pages.push(line.slice(8, -1))
      continue
    }
    let value: Record<string, unknown>
    try {
      value = JSON.parse(line) as Record<string, unknown>
    } catch {
      throw corrupt("an entry is malformed")
    }
    if (typeof value.table === "string") entries.push({ _tag: "Table", name: value.table, columns: value.columns as Array<string>, pages: [] })
    else if (Array.isArray(value.sequences)) entries.push({ _tag: "Sequences", sequences: value.sequences })
    else if (typeof value.file === "string") entries.push({ _tag: "File", path: value.file, data: Buffer.from(String(value.data), "base64") })
    else throw corrupt("an unknown entry")
  }
  return { header, entries }
}
