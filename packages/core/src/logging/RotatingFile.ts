/**
 * A log file rotated by size: `append` adds whole lines to `file`; when they would take it past
 * `maxBytes`, the file becomes `file.1` (`file.1` becomes `file.2`, …) and the oldest beyond `maxFiles`
 * rotated files is removed.
 *
 * Appends are synchronous and by path (open, write, close): a line logged before the process is killed
 * is on disk, and a second process logging to the same folder (`devserver start` beside a `worker`)
 * follows a rotation instead of writing into a renamed file. Streams with an async buffer (as in
 * `rotating-file-stream`) lose their last lines when the process dies and keep writing to the renamed
 * file in every process but the one that rotated. A write that fails (disk full, folder removed) is
 * dropped: logging never stops the program.
 */
import * as fs from "node:fs"
import * as path from "node:path"

export interface RotatingFileOptions {
  /** The current file, e.g. `<data>/logs/devserver.log`. */
  readonly file: string
  /** The size after which it rotates (a single longer line is still written whole). */
  readonly maxBytes: number
  /** Rotated files kept besides the current one (`file.1` … `file.N`); 0 keeps none. */
  readonly maxFiles: number
}

export interface RotatingFile {
  /** Appends `text` (one or more whole lines), rotating first when it would pass `maxBytes`. */
  readonly append: (text: string) => void
}

const sizeOf = (file: string) => fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0

const rotate = ({ file, maxFiles }: RotatingFileOptions) => {
  if (maxFiles === 0) return fs.rmSync(file, { force: true })
  fs.rmSync(`${file}.${maxFiles}`, { force: true })
  for (let n = maxFiles - 1; n >= 1; n--) {
    if (fs.existsSync(`${file}.${n}`)) fs.renameSync(`${file}.${n}`, `${file}.${n + 1}`)
  }
  fs.renameSync(file, `${file}.1`)
}

export const make = (options: RotatingFileOptions): RotatingFile => {
  const write = (text: string) => {
    const size = sizeOf(options.file)
    if (size > 0 && size + Buffer.byteLength(text) > options.maxBytes) rotate(options)
    fs.appendFileSync(options.file, text)
  }
  return {
    append: (text) => {
      try {
        write(text)
      } catch {
        try {
          // The folder is new, or was removed while we ran.
          fs.mkdirSync(path.dirname(options.file), { recursive: true })
          write(text)
        } catch {
          // Logging must not fail the program: this line is dropped, the next one tries again.
        }
      }
    }
  }
}
