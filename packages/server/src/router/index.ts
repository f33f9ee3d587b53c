/** The API: one router per domain. Web clients import `type { AppRouter }` only. */
import { router } from "../trpc.js"
import { authRouter } from "./auth.js"
import { eventsRouter } from "./events.js"
import { queueRouter } from "./queue.js"
import { reposRouter } from "./repos.js"
import { tasksRouter } from "./tasks.js"

export const appRouter = router({
  tasks: tasksRouter,
  repos: reposRouter,
  queue: queueRouter,
  events: eventsRouter,
  auth: authRouter
})

export type AppRouter = typeof appRouter
