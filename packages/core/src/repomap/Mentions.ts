/**
 * What a task mentions: identifiers and file paths in its text, plus the files the caller names. These
 * personalise the ranking.
 *
 * @internal
 */
import * as Path from "node:path"

/** Identifiers and repository-relative paths that the task points at. */
export interface Focus {
  readonly identifiers: ReadonlySet<string>
  readonly files: ReadonlySet<string>
}

// Common English words that are also plausible function names; a task's prose should not boost them.
const stopwords = new Set(
  ("the and for with that this from into when then than should would could will must make makes made " +
    "add use uses used new all any not are was were has have had can get set out one two its also only " +
    "file files code test tests function functions method class type value values data list item items " +
    "fix bug error errors issue task change changes update please need needs want like some more most " +
    "each every other which what where there their them they these those here just does done but").split(" ")
)

const pathLike = /[\w./-]*[\w-]\.[A-Za-z0-9]{1,10}\b|[\w.-]+(?:\/[\w.-]+)+/g
const identifier = /[A-Za-z_$][\w$]*/g

const stem = (path: string) => Path.posix.basename(path).replace(/\.[^.]*$/, "").toLowerCase()

/**
 * Finds the focus of a task among the repository's paths. A path token matches a file by its whole
 * relative path, a path suffix, or its base name; an identifier that equals a file's stem (case
 * insensitive) also focuses that file.
 */
export const focusOf = (
  taskText: string,
  mentionedFiles: ReadonlyArray<string>,
  root: string,
  paths: ReadonlyArray<string>
): Focus => {
  const identifiers = new Set<string>()
  for (const m of taskText.matchAll(identifier)) {
    if (m[0].length >= 3 && !stopwords.has(m[0].toLowerCase())) identifiers.add(m[0])
  }
  const wanted = new Set<string>()
  for (const m of taskText.matchAll(pathLike)) wanted.add(m[0].replace(/^\.\//, ""))
  for (const f of mentionedFiles) {
    const rel = Path.isAbsolute(f) ? Path.relative(root, f) : f
    wanted.add(rel.split(Path.sep).join("/").replace(/^\.\//, ""))
  }
  const stems = new Set([...identifiers].map((i) => i.toLowerCase()))
  const files = new Set<string>()
  for (const path of paths) {
    const base = Path.posix.basename(path)
    if (wanted.has(path) || wanted.has(base) || stems.has(stem(path))) files.add(path)
    else for (const w of wanted) if (w.includes("/") && path.endsWith(`/${w}`)) files.add(path)
  }
  return { identifiers, files }
}
