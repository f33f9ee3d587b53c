import { Command } from "@effect/cli"
import { migrate } from "./commands/Migrate.js"
import { repo } from "./commands/Repo.js"
import { start } from "./commands/Start.js"
import { task } from "./commands/Task.js"
import { worker } from "./commands/Worker.js"

const devserver = Command.make("devserver").pipe(
  Command.withDescription("DevServer: a self-hosted autonomous coding pipeline."),
  Command.withSubcommands([start, migrate, repo, task, worker])
)

export const run = Command.run(devserver, { name: "devserver", version: "0.1.0" })
