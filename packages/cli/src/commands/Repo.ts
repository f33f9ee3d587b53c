import { Command, Options } from "@effect/cli"
import type * as Repo from "@devserver/core/domain/Repo"
import { AlreadyExists } from "@devserver/core/domain/Errors"
import { Console, Effect, Option } from "effect"
import * as Checks from "../Checks.js"
import { Backend } from "../backend/Backend.js"
import { appLayer, backendLayer } from "../Config.js"
import * as Flags from "../Flags.js"
import { given } from "../Inputs.js"
import { load } from "../Lazy.js"
import * as Render from "../Render.js"
import { test } from "./RepoTest.js"

const text = Flags.optionalText
const int = Flags.optionalInt
const repos = Effect.flatMap(load(() => import("@devserver/core/store/Repos")), (m) => m.Repos)

/** For a local repo: the checkout's real path and branch; refuses a folder another repo already uses. */
const localCheckout = (path: Option.Option<string>, branch: Option.Option<string>) =>
  Effect.gen(function*() {
    const { inspect } = yield* load(() => import("@devserver/core/workspace/LocalCheckout"))
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" }
    const checkout = yield* inspect(Option.getOrElse(path, () => ""), env, Option.getOrUndefined(branch))
    const taken = (yield* (yield* repos).list()).find((r) => r.provider === "local" && r.localPath === checkout.path)
    if (taken) return yield* new AlreadyExists({ entity: "repo", id: `${taken.name} (already uses ${checkout.path})` })
    return { localPath: checkout.path, defaultBranch: Option.getOrElse(branch, () => checkout.currentBranch) }
  })

const add = Command.make("add", {
  name: Flags.text("name", "A short name for the repo (lower-case letters, digits, -)."),
  provider: Options.choice("provider", ["gitea", "forgejo", "github", "local"]).pipe(
    Options.withDescription("Where the repo lives; local = a checkout on this machine, worked on in place.")
  ),
  cloneUrl: text("clone-url", "Clone URL, https:// or ssh (no credentials in it)."),
  apiUrl: text("api-url", "Forge API base URL (default: public GitHub)."),
  forgeRepo: text("forge-repo", "OWNER/NAME on the forge (default: read from the clone URL)."),
  defaultBranch: text("branch", "Branch tasks start from (default: main; local: the checkout's branch)."),
  localPath: text("path", "For --provider local: the checkout's absolute path."),
  setup: text("setup", "Dependency install command, run once per worktree."),
  pre: text("pre", "Command run before the build."),
  build: text("build", "Build command."),
  test: text("test", "Test command."),
  lint: text("lint", "Lint command."),
  defaultVendor: text("vendor", "Default vendor: anthropic, glm, google, openai or command."),
  defaultModel: text("model", "Default model (default: the vendor's own)."),
  maxAttempts: int("max-attempts", "Agent attempts per task (default 3)."),
  agentTimeoutMinutes: int("timeout-minutes", "Minutes an agent may run (default 30)."),
  parallelism: int("parallelism", "Tasks of this repo at once (default 1; local repos: always 1)."),
  tokenEnv: text("token-env", "Read the forge access token from this environment variable."),
  tokenStdin: Options.boolean("token-stdin").pipe(Options.withDescription("Read the forge access token from stdin.")),
  json: Flags.json
}, ({ build, json, lint, pre, setup, test, tokenEnv, tokenStdin, ...o }) =>
  Effect.gen(function*() {
    yield* Checks.vendor("vendor", o.defaultVendor)
    yield* Checks.localParallelism(o.provider, o.parallelism)
    const forgeRepo = yield* Checks.forgeRepo(o.provider, o.forgeRepo, o.cloneUrl)
    const token = yield* Checks.token(tokenEnv, tokenStdin)
    const local = o.provider === "local" ? yield* localCheckout(o.localPath, o.defaultBranch) : {}
    const commands = given({ setup, pre, build, test, lint })
    const repo = yield* (yield* repos).add({
      ...given({ ...o, forgeRepo }),
      ...local,
      ...(Object.keys(commands).length > 0 ? { commands } : {})
    }, token)
    yield* json ? Render.json(repo) : Console.log(`added repo ${repo.name} (${repo.provider}, branch ${repo.defaultBranch})`)
  })).pipe(Command.withDescription("Add a repository for tasks to work on."))

const list = Command.make("list", { json: Flags.json }, ({ json }) =>
  Effect.gen(function*() {
    const all = yield* (yield* Backend).listRepos()
    yield* json
      ? Render.json(all)
      : Render.table(
        ["NAME", "PROVIDER", "BRANCH", "TOKEN", "SOURCE"],
        all.map((r) => [r.name, r.provider, r.defaultBranch, r.hasToken ? "set" : "-", r.localPath || r.cloneUrl])
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

const show = Command.make("show", { name: Flags.text("name", "The repo's name."), json: Flags.json }, ({ json, name }) =>
  Effect.gen(function*() {
    const repo = yield* (yield* Backend).getRepo(name)
    yield* json ? Render.json(repo) : describe(repo)
  })).pipe(Command.withDescription("Show one repository."))

export const repo = Command.make("repo").pipe(
  Command.withDescription("Manage repositories."),
  Command.withSubcommands([add, list, show, test]),
  Command.provide(backendLayer),
  Command.provide(appLayer)
)
