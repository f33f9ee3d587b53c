import { Command } from "@effect/cli"
import { auth } from "./commands/Auth.js"
import { backup, restore } from "./commands/Backup.js"
import { classify } from "./commands/Classify.js"
import { decision } from "./commands/Decision.js"
import { doctor } from "./commands/Doctor.js"
import { idea } from "./commands/Idea.js"
import { migrate } from "./commands/Migrate.js"
import { preflight } from "./commands/Preflight.js"
import { repo } from "./commands/Repo.js"
import { schedule } from "./commands/Schedule.js"
import { serve } from "./commands/Serve.js"
import { settings } from "./commands/Settings.js"
import { start } from "./commands/Start.js"
import { stats } from "./commands/Stats.js"
import { task } from "./commands/Task.js"
import { template } from "./commands/Template.js"
import { token } from "./commands/Token.js"
import { worker } from "./commands/Worker.js"
import { VERSION } from "./Version.js"

export const devserver = Command.make("devserver").pipe(
  Command.withDescription("DevServer: a self-hosted autonomous coding pipeline."),
  Command.withSubcommands([start, worker, migrate, repo, task, template, idea, schedule, settings, stats, backup, restore, doctor, serve, token, auth, preflight, classify, decision])
)

export const run = Command.run(devserver, { name: "devserver", version: VERSION })
