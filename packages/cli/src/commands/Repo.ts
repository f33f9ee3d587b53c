import { Args, Command, Options } from "@effect/cli"
import type * as Repo from "@devserver/core/domain/Repo"
import * as Repos from "@devserver/core/store/Repos"
import { Console, Effect, Option, Redacted } from "effect"
import * as fs from "node:fs"
import { appLayer } from "../Config.js"
import * as Flags from "../Flags.js"
import { given } from "../Inputs.js"
import * as Render from "../Render.js"

const jsonFlag = Flags.json
const text = Flags.optionalText
const int = Flags.optionalInt

/** The token never comes from argv (visible to every user in `ps`): an env variable or stdin. */
const readToken = (fromEnv: Option.Option<string>, fromStdin: boolean) =>
  Effect.sync(() => {
    const raw = fromStdin ? fs.readFileSync(0, "utf8").trim() : Option.isSome(fromEnv) ? process.env[fromEnv.value] ?? "" : ""
    return raw === "" ? undefined : Redacted.make(raw)
  })

const add = Command.make("add", {
  name: Args.text({ name: "name" }),
  provider: Options.choice("provider", ["gitea", "forgejo", "github", "local"]),
  cloneUrl: text("clone-url", "Clone URL (no credentials in it)."),
  apiUrl: text("api-url", "Forge API base URL (empty = public GitHub)."),
  forgeRepo: text("forge-repo", "owner/name on the forge."),
  defaultBranch: text("branch", "Default branch (main)."),
  localPath: text("path", "For --provider local: the existing checkout."),
  setup: text("setup", "Dependency install command, once per worktree."),
  pre: text("pre", "Command before build."),
  build: text("build", "Build command."),
  test: text("test", "Test command."),
  lint: text("lint", "Lint command."),
  defaultVendor: text("vendor", "Default vendor."),
  defaultModel: text("model", "Default model."),
  maxAttempts: int("max-attempts", "Attempts per task (3)."),
  agentTimeoutMinutes: int("timeout-minutes", "Agent timeout (30)."),
  parallelism: int("parallelism", "Tasks of this repo at once (1)."),
  tokenEnv: text("token-env", "Read the access token from this environment variable."),
  tokenStdin: Options.boolean("token-stdin").pipe(Options.withDescription("Read the access token from stdin.")),
  json: jsonFlag
}, ({ json, name, setup, pre, build, test, lint, tokenEnv, tokenStdin, ...rest }) =>
  Effect.gen(function*() {
    const token = yield* readToken(tokenEnv, tokenStdin)
    const commands = given({ setup, pre, build, test, lint })
    const repo = yield* Effect.flatMap(Repos.Repos, (r) =>
      r.add({ name, ...given(rest), ...(Object.keys(commands).length > 0 ? { commands } : {}) }, token))
    yield* json ? Render.json(repo) : Console.log(`added repo ${repo.name}`)
  })).pipe(Command.withDescription("Add a repository."))

const list = Command.make("list", { json: jsonFlag }, ({ json }) =>
  Effect.gen(function*() {
    const repos = yield* Effect.flatMap(Repos.Repos, (r) => r.list())
    yield* json
      ? Render.json(repos)
      : Render.table(
        ["NAME", "PROVIDER", "BRANCH", "SOURCE", "TOKEN", "ACTIVE"],
        repos.map((r) => [r.name, r.provider, r.defaultBranch, r.localPath || r.cloneUrl, r.hasToken ? "set" : "-", r.active ? "yes" : "no"])
      )
  })).pipe(Command.withDescription("List repositories."))

const describe = (r: Repo.Repo) =>
  Render.fields([
    ["name", r.name],
    ["provider", r.provider],
    ["source", r.localPath || r.cloneUrl],
    ["forge", [r.apiUrl || "(default)", r.forgeRepo].filter(Boolean).join(" ")],
    ["default branch", r.defaultBranch],
    ["token", r.hasToken ? "set (encrypted)" : "not set"],
    ["vendor", `${r.defaultVendor}${r.defaultModel ? ` / ${r.defaultModel}` : ""}`],
    ["commands", Object.entries(r.commands).filter(([, c]) => c !== "").map(([k, c]) => `${k}=${c}`).join("; ") || "(none)"],
    ["limits", `${r.maxAttempts} attempts, ${r.agentTimeoutMinutes} min, parallelism ${r.parallelism}`],
    ["active", r.active ? "yes" : "no"]
  ])

const show = Command.make("show", { name: Args.text({ name: "name" }), json: jsonFlag }, ({ json, name }) =>
  Effect.gen(function*() {
    const repo = yield* Effect.flatMap(Repos.Repos, (r) => r.get(name))
    yield* json ? Render.json(repo) : describe(repo)
  })).pipe(Command.withDescription("Show one repository."))

export const repo = Command.make("repo").pipe(
  Command.withDescription("Manage repositories."),
  Command.withSubcommands([add, list, show]),
  Command.provide(appLayer)
)
