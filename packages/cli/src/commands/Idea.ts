import { Command, Options } from "@effect/cli"
import { ideaExpand, ideaPlan, ideaTasks } from "./Authoring.js"
import type { Idea } from "@devserver/core/domain/Idea"
import { Console, Effect } from "effect"
import { Backend } from "../backend/Backend.js"
import { appLayer, backendLayer } from "../Config.js"
import * as Flags from "../Flags.js"
import { given } from "../Inputs.js"
import * as Render from "../Render.js"


const add = Command.make("add", {
  title: Flags.text("title", "The idea in a line."),
  parentId: Flags.optionalInt("parent", "Id of the folder or idea to put it under (default: the top)."),
  body: Flags.optionalText("body", "Markdown text."),
  folder: Options.boolean("folder").pipe(Options.withDescription("Add a folder instead of an idea.")),
  json: Flags.json
}, ({ body, folder, json, parentId, title }) =>
  Effect.gen(function*() {
    const idea = yield* (yield* Backend).addIdea({ title, ...given({ body, parentId }), kind: folder ? "folder" : "idea" })
    yield* json ? Render.json(idea) : Console.log(`added ${idea.kind} ${idea.id} (${idea.title})`)
  })).pipe(Command.withDescription("Add an idea or a folder to the ideas tree."))

const depthOf = (all: ReadonlyArray<Idea>) => {
  const parent = new Map(all.map((i) => [i.id, i.parentId]))
  return (idea: Idea) => {
    let depth = 0
    for (let p = idea.parentId; p !== null && p !== undefined; p = parent.get(p) ?? null) depth++
    return depth
  }
}

const list = Command.make("list", { json: Flags.json }, ({ json }) =>
  Effect.gen(function*() {
    const all = yield* (yield* Backend).listIdeas()
    const depth = depthOf(all)
    yield* json
      ? Render.json(all)
      : Render.table(
        ["ID", "STATUS", "CREATED", "TITLE"],
        all.map((i) => [String(i.id), i.kind === "folder" ? "folder" : i.goalStatus, Render.ago(i.createdAt), `${"  ".repeat(depth(i))}${i.title}`])
      )
  })).pipe(Command.withDescription("Show the ideas tree."))

const show = Command.make("show", { id: Flags.id("idea"), json: Flags.json }, ({ id, json }) =>
  Effect.gen(function*() {
    const idea = yield* (yield* Backend).getIdea(id)
    yield* json ? Render.json(idea) : Render.fields([
      ["id", String(idea.id)],
      ["kind", idea.kind],
      ["title", idea.title],
      ["parent", idea.parentId === null ? "-" : String(idea.parentId)],
      ["status", idea.goalStatus],
      ["created", Render.ago(idea.createdAt)],
      ["body", idea.body || "-"]
    ])
  })).pipe(Command.withDescription("Show one idea."))

export const idea = Command.make("idea").pipe(
  Command.withDescription("Collect ideas in a tree of folders."),
  Command.withSubcommands([add, list, show, ideaPlan, ideaExpand, ideaTasks]),
  Command.provide(backendLayer),
  Command.provide(appLayer)
)
