/**
 * The part of an output the classifier reads: the last 12,000 characters, preceded by the first
 * error-looking line before them (and what follows it), so a long log costs no more than a short one.
 */

/** Characters read from the end of the output. */
export const tailLength = 12_000
/** Characters read from the first error-looking line before the tail. */
export const headLength = 4_000

const firstError = /error|fail|panic|exception|traceback|fatal|denied|killed/i

// ANSI colour and cursor sequences: tools colour their output on a terminal and some do anyway.
// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g

const clean = (text: string): string => text.replace(ansi, "").replace(/\r\n?/g, "\n")

/** The text rules are matched against. */
export const window = (output: string): string => {
  if (output.length <= tailLength) return clean(output)
  const cut = output.length - tailLength
  const tail = output.slice(cut)
  const head = output.slice(0, cut)
  const first = head.search(firstError)
  if (first < 0) return clean(tail)
  const start = head.lastIndexOf("\n", first) + 1
  return clean(`${head.slice(start, Math.min(start + headLength, cut))}\n${tail}`)
}
