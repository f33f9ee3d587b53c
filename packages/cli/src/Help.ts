/**
 * `--help` as a well-kept CLI prints it: plain text (no colour codes), a full usage line, one line per
 * option with its real description, wrapped at 80 columns. The content comes from @effect/cli's own
 * help document; its boilerplate ("A user-defined piece of text.", "This setting is optional.") and
 * the library's built-in options other than `--help` are left out.
 */
import { CliConfig, CommandDescriptor, type HelpDoc } from "@effect/cli"
import type { Span } from "@effect/cli/HelpDoc/Span"
import { Option } from "effect"

// The library's type blurbs: the option's heading already shows its type.
const blurb = /^(A user-defined piece of text|An integer|A true or false value|A floating point number|One of the following:|A date|A path|A file|A directory)/
const OPTIONAL = "This setting is optional."
const REPEATED = "This option may be repeated"
const builtIns = new Set(["--completions", "--log-level", "--wizard", "--version"])
const WIDTH = 80

/** A command as @effect/cli describes it (`command.descriptor`). */
export type AnyCommand = CommandDescriptor.Command<unknown>

const spanText = (span: Span): string => {
  switch (span._tag) {
    case "Text":
    case "URI":
      return span.value
    case "Highlight":
    case "Weak":
    case "Strong":
      return spanText(span.value)
    case "Sequence":
      return spanText(span.left) + spanText(span.right)
  }
}

interface Section {
  readonly title: string
  readonly paragraphs: Array<string>
  readonly entries: Array<readonly [string, Array<string>]>
}

const paragraphsOf = (doc: HelpDoc.HelpDoc): Array<string> =>
  doc._tag === "Paragraph" ? [spanText(doc.value)] : doc._tag === "Sequence" ? [...paragraphsOf(doc.left), ...paragraphsOf(doc.right)] : []

const sectionsOf = (doc: HelpDoc.HelpDoc, out: Array<Section> = []): Array<Section> => {
  const current = () => out.at(-1) ?? (out.push({ title: "", paragraphs: [], entries: [] }), out.at(-1)!)
  switch (doc._tag) {
    case "Header":
      out.push({ title: spanText(doc.value), paragraphs: [], entries: [] })
      break
    case "Paragraph":
      current().paragraphs.push(spanText(doc.value))
      break
    case "DescriptionList":
      for (const [span, body] of doc.definitions) current().entries.push([spanText(span), paragraphsOf(body)])
      break
    case "Sequence":
      sectionsOf(doc.left, out)
      sectionsOf(doc.right, out)
      break
    default:
  }
  return out
}

/** `--label text...` → `--label TEXT`; `(-f, --follow)` → `-f, --follow`; `a | b` → `a|b`. */
const heading = (raw: string) =>
  raw.replace(/^\((.*)\)$/, "$1").replace(/\.\.\.$/, "").replace(/ \| /g, "|")
    .replace(/ (text|integer|float|date|path|file|directory)$/, (_, t: string) => ` ${t === "integer" ? "N" : t.toUpperCase()}`)

/** Heading and description of an option, or undefined for a hidden built-in. */
const optionLine = ([raw, paragraphs]: readonly [string, Array<string>]): readonly [string, string] | undefined => {
  const name = heading(raw)
  if (builtIns.has(name.split(" ")[0]!)) return undefined
  if (name === "-h, --help") return [name, "Show this help."]
  const optional = paragraphs.includes(OPTIONAL)
  const repeated = paragraphs.some((p) => p.startsWith(REPEATED))
  const text = paragraphs.filter((p) => p !== OPTIONAL && !p.startsWith(REPEATED) && !blurb.test(p))
  const required = !optional && !repeated && name.includes(" ")
  return [name, [...text, repeated ? "Repeatable." : "", required ? "(required)" : ""].filter(Boolean).join(" ")]
}

const wrap = (text: string, width: number): Array<string> => {
  const lines: Array<string> = []
  let line = ""
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line === "" ? word : `${line} ${word}`
  }
  return line === "" ? lines : [...lines, line]
}

/** Two columns: names padded to a common width (at most 26), descriptions wrapped to 80 columns. */
export const columns = (rows: ReadonlyArray<readonly [string, string]>): Array<string> => {
  const width = Math.min(26, Math.max(...rows.map(([n]) => n.length)))
  return rows.flatMap(([name, text]) => {
    const body = wrap(text, WIDTH - width - 4)
    const first = name.length > width ? [`  ${name}`, ...body.map((l) => `  ${" ".repeat(width + 2)}${l}`)] : [
      `  ${name.padEnd(width)}  ${body[0] ?? ""}`.trimEnd(),
      ...body.slice(1).map((l) => `  ${" ".repeat(width + 2)}${l}`)
    ]
    return first
  })
}

const helpDoc = (command: AnyCommand) => CommandDescriptor.getHelp(command, CliConfig.defaultConfig)

/** The first paragraph of a command's description. */
export const describe = (command: AnyCommand): string =>
  sectionsOf(helpDoc(command)).find((s) => s.title === "DESCRIPTION")?.paragraphs[0] ?? ""

/**
 * A descriptor's subcommands in declaration order. @effect/cli's `getSubcommands` returns a map
 * (unordered) whose entries lose their own subcommands, so the descriptor tree is read directly.
 */
interface Node {
  readonly _tag: string
  readonly name?: string
  readonly command?: Node
  readonly parent?: Node
  readonly children?: ReadonlyArray<Node>
}

const nameOf = (node: Node): string =>
  node._tag === "Map" ? nameOf(node.command!) : node._tag === "Subcommands" ? nameOf(node.parent!) : node.name ?? ""

const childrenOf = (node: Node): ReadonlyArray<Node> =>
  node._tag === "Map" ? childrenOf(node.command!) : node._tag === "Subcommands" ? node.children ?? [] : []

const subcommandsOf = (command: AnyCommand): Array<[string, AnyCommand]> =>
  childrenOf(command as unknown as Node).map((child) => [nameOf(child), child as unknown as AnyCommand])

/** The subcommand of `command` called `name`. */
export const subcommand = (command: AnyCommand, name: string): Option.Option<AnyCommand> =>
  Option.fromNullable(subcommandsOf(command).find(([n]) => n === name)?.[1])

/** Names of a command's subcommands, in the order they were declared. */
export const subcommandNames = (command: AnyCommand): Array<string> => subcommandsOf(command).map(([n]) => n)

/** The help text of the command at `path` (e.g. `["devserver", "repo", "add"]`). */
export const render = (command: AnyCommand, path: ReadonlyArray<string>, extra: ReadonlyArray<readonly [string, string]> = []): string => {
  const sections = sectionsOf(helpDoc(command))
  const section = (title: string) => sections.find((s) => s.title === title)
  const args = (section("ARGUMENTS")?.entries ?? []).map(([raw, ps]) =>
    [raw, ps.filter((p) => !blurb.test(p) && p !== OPTIONAL).join(" ")] as const
  )
  const options = (section("OPTIONS")?.entries ?? []).flatMap((e) => {
    const line = optionLine(e)
    return line ? [line] : []
  })
  const subs = subcommandsOf(command).map(([name, sub]) => [name, describe(sub)] as const)
  const usage = [
    ...path,
    ...(subs.length > 0 ? ["<command>"] : []),
    ...(options.length > 1 ? ["[options]"] : []),
    ...args.map(([name]) => name)
  ].join(" ")
  const description = section("DESCRIPTION")?.paragraphs ?? []
  return [
    `Usage: ${usage}`,
    ...(description.length > 0 ? ["", ...description.flatMap((p) => wrap(p, WIDTH))] : []),
    ...(subs.length > 0 ? ["", "Commands:", ...columns(subs)] : []),
    ...(args.length > 0 ? ["", "Arguments:", ...columns(args)] : []),
    ...(options.length > 0 || extra.length > 0 ? ["", "Options:", ...columns([...options, ...extra])] : []),
    ...(subs.length > 0 ? ["", `Run '${path.join(" ")} <command> --help' for a command's options.`] : [])
  ].join("\n")
}
