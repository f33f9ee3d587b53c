/** The API: one router per domain. Web clients import `type { AppRouter }` only. */
import { router } from "../trpc.js"
import { authRouter } from "./auth.js"
import { authoringRouter } from "./authoring.js"
import { cliRouter } from "./cli.js"
import { decisionsRouter } from "./decisions.js"
import { eventsRouter } from "./events.js"
import { insightRouter } from "./insight.js"
import { plansRouter } from "./plans.js"
import { queueRouter } from "./queue.js"
import { reposRouter } from "./repos.js"
import { ideasRouter } from "./ideas.js"
import { runsRouter } from "./runs.js"
import { schedulesRouter } from "./schedules.js"
import { settingsRouter } from "./settings.js"
import { statsRouter } from "./stats.js"
import { tasksRouter } from "./tasks.js"
import { templatesRouter } from "./templates.js"

export const appRouter = router({
  tasks: tasksRouter,
  repos: reposRouter,
  queue: queueRouter,
  runs: runsRouter,
  events: eventsRouter,
  templates: templatesRouter,
  ideas: ideasRouter,
  schedules: schedulesRouter,
  settings: settingsRouter,
  stats: statsRouter,
  auth: authRouter,
  plans: plansRouter,
  decisions: decisionsRouter,
  authoring: authoringRouter,
  insight: insightRouter,
  cli: cliRouter
})

export type AppRouter = typeof appRouter
