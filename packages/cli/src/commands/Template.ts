import { Command, Options } from "@effect/cli"
import type { Template } from "@devserver/core/domain/Template"
import { Console, Effect, Option } from "effect"
import * as Checks from "../Checks.js"
import { Backend } from "../backend/Backend.js"
import { appLayer, backendLayer } from "../Config.js"
import * as Flags from "../Flags.js"
import { given } from "../Inputs.js"
import * as Render from "../Render.js"

const text = Flags.optionalText

const add = Command.make("add", {
  name: Flags.text("name", "A unique name for the template."),
  title: text("title", "Title of the tasks made from it (default: the name)."),
  description: text("description", "What to do."),
  acceptance: text("acceptance", "How to tell it is done."),
  repo: text("repo", "Repository the tasks work on (default: none, a scratch folder)."),
  priority: Flags.optionalInt("priority", "1 critical, 2 high, 3 normal (default), 4 low."),
  labels: Flags.repeatedText("label", "A label."),
  vendor: text("vendor", "anthropic, glm, google, openai or command."),
  model: text("model", "Model name."),
  gitFlow: Options.choice("flow", ["pr", "commit", "patch", "untracked"]).pipe(Options.optional, Options.withDescription("How the work is delivered.")),
  json: Flags.json
}, ({ acceptance, description, json, name, repo, title, ...settings }) =>
  Effect.gen(function*() {
    yield* Checks.vendor("vendor", settings.vendor)
    const template = yield* (yield* Backend).addTemplate({
      name,
      ...given({ title, description, acceptance, repo }),
      settings: given({ ...settings, labels: settings.labels.length > 0 ? Option.some(settings.labels) : Option.none() })
    })
    yield* json ? Render.json(template) : Console.log(`added template ${template.id} (${template.name})`)
  })).pipe(Command.withDescription("Save task settings and text as a template (schedules create tasks from it)."))

const list = Command.make("list", { json: Flags.json }, ({ json }) =>
  Effect.gen(function*() {
    const all = yield* (yield* Backend).listTemplates()
    yield* json
      ? Render.json(all)
      : Render.table(["ID", "NAME", "REPO", "CREATED", "TITLE"], all.map((t) => [String(t.id), t.name, t.repo ?? "-", Render.ago(t.createdAt), t.title || t.name]))
  })).pipe(Command.withDescription("List templates."))

const describe = (t: Template) =>
  Render.fields([
    ["id", String(t.id)],
    ["name", t.name],
    ["title", t.title || "(the name)"],
    ["repo", t.repo ?? "(none: a scratch folder)"],
    ["agent", `${t.settings.vendor ?? "(default)"}${t.settings.model ? ` / ${t.settings.model}` : ""}`],
    ["flow", t.settings.gitFlow],
    ["priority", String(t.settings.priority)],
    ["labels", t.settings.labels.join(", ") || "-"],
    ["description", t.description || "-"],
    ["acceptance", t.acceptance || "-"],
    ["created", Render.ago(t.createdAt)]
  ])

const show = Command.make("show", { id: Flags.id("template"), json: Flags.json }, ({ id, json }) =>
  Effect.gen(function*() {
    const template = yield* (yield* Backend).getTemplate(id)
    yield* json ? Render.json(template) : describe(template)
  })).pipe(Command.withDescription("Show one template."))

export const template = Command.make("template").pipe(
  Command.withDescription("Manage task templates."),
  Command.withSubcommands([add, list, show]),
  Command.provide(backendLayer),
  Command.provide(appLayer)
)
