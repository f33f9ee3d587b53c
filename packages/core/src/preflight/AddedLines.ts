/** The added lines of a unified diff (`git diff -U0`), per file, with their line numbers in the new file. */

export interface AddedFile {
  readonly file: string
  readonly lines: ReadonlyArray<string>
  readonly lineNumbers: ReadonlyArray<number>
}

const unquote = (p: string) =>
  p.startsWith("\"") ? JSON.parse(p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)))) as string : p

/** Parses `git diff --no-color -U0` output; deleted files and binary files have no added lines. */
export const parse = (diff: string): ReadonlyArray<AddedFile> => {
  const files: Array<{ file: string; lines: Array<string>; lineNumbers: Array<number> }> = []
  let current: (typeof files)[number] | undefined
  let next = 0
  for (const line of diff.split("\n")) {
    if (line.startsWith("+++ ")) {
      const target = line.slice(4)
      current = target === "/dev/null" ? undefined : { file: unquote(target).replace(/^b\//, ""), lines: [], lineNumbers: [] }
      if (current) files.push(current)
    } else if (line.startsWith("@@ ")) {
      next = Number(/\+(\d+)/.exec(line)?.[1] ?? 0)
    } else if (line.startsWith("+") && current) {
      current.lines.push(line.slice(1))
      current.lineNumbers.push(next++)
    } else if (line.startsWith("diff --git ")) {
      current = undefined
    }
  }
  return files.filter((f) => f.lines.length > 0)
}
