/**
 * The backend over the database here: each method loads the core module it calls when first used
 * (so `task list` never loads the queue or the analytics) and runs on the app services the command
 * group provides.
 */
import type * as DevServer from "@devserver/core/DevServer"
import type { TaskInputEncoded } from "@devserver/core/domain/Task"
import { Effect, Layer, Stream } from "effect"
import * as os from "node:os"
import { load } from "../Lazy.js"
import { Backend } from "./Backend.js"

type AppServices = Layer.Layer.Success<typeof DevServer.layer>

const by = () => `cli:${os.userInfo().username}`

const store = {
  tasks: load(() => import("@devserver/core/store/Tasks")),
  repos: load(() => import("@devserver/core/store/Repos")),
  runs: load(() => import("@devserver/core/store/Runs")),
  events: load(() => import("@devserver/core/store/Events")),
  settings: load(() => import("@devserver/core/store/Settings")),
  templates: load(() => import("@devserver/core/store/Templates")),
  ideas: load(() => import("@devserver/core/store/Ideas")),
  dataDir: load(() => import("@devserver/core/store/DataDir"))
}
const queue = Effect.all([load(() => import("@devserver/core/queue/Queue")), load(() => import("@devserver/core/queue/QueueLive"))])
const actions = load(() => import("@devserver/core/tasks/TaskActions"))
const eventStream = load(() => import("@devserver/core/queue/EventStream"))
const schedules = load(() => import("@devserver/core/queue/Schedules"))
const analytics = load(() => import("@devserver/core/analytics/Analytics"))
const planGate = load(() => import("@devserver/core/gates/PlanGate"))

export const make = Effect.gen(function*() {
  const context = yield* Effect.context<AppServices>()
  const here = <A, E>(effect: Effect.Effect<A, E, AppServices>) => Effect.provide(effect, context)
  const tasks = Effect.flatMap(store.tasks, (m) => m.Tasks)
  const getTask = (key: string) => here(Effect.flatMap(tasks, (t) => t.get(key)))
  const onQueue = <A, E>(f: (q: Effect.Effect.Success<(typeof queue)>[0]["Queue"]["Service"]) => Effect.Effect<A, E>) =>
    here(Effect.flatMap(queue, ([q, live]) => Effect.flatMap(q.Queue, f).pipe(Effect.provide(live.layer), Effect.scoped)))
  const act = <A, E>(f: (a: Effect.Effect.Success<typeof actions>["TaskActions"]["Service"]) => Effect.Effect<A, E>) =>
    here(Effect.flatMap(actions, (m) => Effect.flatMap(m.TaskActions, f).pipe(Effect.provide(m.layer))))

  return Backend.of({
    localDataDir: here(Effect.map(Effect.flatMap(store.dataDir, (m) => m.DataDir), (d) => d.path)),
    listTasks: (filter) => here(Effect.flatMap(tasks, (t) => t.list(filter))),
    getTask,
    createTask: (input: TaskInputEncoded) => here(Effect.flatMap(tasks, (t) => t.create(input))),
    enqueue: (key) => onQueue((q) => q.enqueue(key)),
    cancel: (key) => onQueue((q) => q.cancel(key, by())),
    continueTask: (key, note) => act((a) => a.continue(key, { note, by: by() })),
    done: (key) => act((a) => a.done(key, { by: by() })),
    reject: (key, reason) => act((a) => a.reject(key, { reason, by: by() })),
    retry: (key) => act((a) => a.retry(key, { by: by() })),
    archive: (key, archived) => act((a) => a.archive(key, archived)),
    approvePlan: (key) => here(Effect.flatMap(planGate, (m) => Effect.flatMap(m.PlanGate, (g) => g.approve(key, "cli")).pipe(Effect.provide(m.layer)))),
    runs: (key) =>
      here(Effect.flatMap(getTask(key), (task) => Effect.flatMap(Effect.flatMap(store.runs, (m) => m.Runs), (r) => r.forTask(task.id)))),
    events: (key, afterId) =>
      here(Effect.flatMap(getTask(key), (task) =>
        Effect.flatMap(Effect.flatMap(store.events, (m) => m.Events), (e) => e.list({ taskId: task.id, afterId, limit: 100_000 })))),
    follow: (key, afterId) =>
      Stream.unwrapScoped(Effect.provide(Effect.gen(function*() {
        const task = yield* getTask(key)
        const m = yield* eventStream
        const feed = yield* Effect.provide(m.EventStream, yield* Layer.build(m.layer))
        return feed.subscribe({ taskId: task.id, afterId })
      }), context)),
    listRepos: () => here(Effect.flatMap(Effect.flatMap(store.repos, (m) => m.Repos), (r) => r.list())),
    getRepo: (name) => here(Effect.flatMap(Effect.flatMap(store.repos, (m) => m.Repos), (r) => r.get(name))),
    listSettings: () => here(Effect.flatMap(Effect.flatMap(store.settings, (m) => m.Settings), (s) => s.list())),
    setSetting: (key, text) => here(Effect.flatMap(Effect.flatMap(store.settings, (m) => m.Settings), (s) => s.setFromText(key, text))),
    stats: (days) => here(Effect.flatMap(analytics, (m) => Effect.flatMap(m.Analytics, (a) => a.stats({ days })).pipe(Effect.provide(m.layer)))),
    listTemplates: () => here(Effect.flatMap(Effect.flatMap(store.templates, (m) => m.Templates), (t) => t.list())),
    getTemplate: (id) => here(Effect.flatMap(Effect.flatMap(store.templates, (m) => m.Templates), (t) => t.get(id))),
    addTemplate: (input) => here(Effect.flatMap(Effect.flatMap(store.templates, (m) => m.Templates), (t) => t.add(input))),
    listIdeas: () => here(Effect.flatMap(Effect.flatMap(store.ideas, (m) => m.Ideas), (i) => i.list())),
    getIdea: (id) => here(Effect.flatMap(Effect.flatMap(store.ideas, (m) => m.Ideas), (i) => i.get(id))),
    addIdea: (input) => here(Effect.flatMap(Effect.flatMap(store.ideas, (m) => m.Ideas), (i) => i.add(input))),
    listSchedules: () =>
      here(Effect.flatMap(Effect.all([schedules, queue]), ([m, [, live]]) =>
        Effect.flatMap(m.Schedules, (s) => s.list()).pipe(Effect.provide(m.layer.pipe(Layer.provide(live.layer))), Effect.scoped)))
  })
})

export const layer = Layer.effect(Backend, make)
