/** The backend over another machine's DevServer: each method is one tRPC call, its answer decoded with the domain's Schema. */
import { Idea } from "@devserver/core/domain/Idea"
import { PipelineEvent } from "@devserver/core/domain/PipelineEvent"
import { Repo } from "@devserver/core/domain/Repo"
import { Run } from "@devserver/core/domain/Run"
import type { Stats } from "@devserver/core/domain/Stats"
import { Task } from "@devserver/core/domain/Task"
import type { TaskInputEncoded } from "@devserver/core/domain/Task"
import { Schedule } from "@devserver/core/domain/Schedule"
import { Template } from "@devserver/core/domain/Template"
import type { SettingEntry } from "@devserver/core/store/Settings"
import { Chunk, Effect, Layer, Option, type Redacted, Schema, Stream } from "effect"
import { Backend } from "./Backend.js"
import { call, makeClient, revive, toRemoteError } from "./RemoteClient.js"

/** The API's largest page of events. */
const PAGE = 1000
const Tasks = Schema.Array(Task)
const Events = Schema.Array(PipelineEvent)
/** Settings and stats are plain records (no Schema in the domain); their dates are revived. */
const Settings = Schema.Array(Schema.Any as Schema.Schema<SettingEntry>)
const StatsAnswer = Schema.Any as Schema.Schema<Stats>

export const make = (url: string, token: Redacted.Redacted<string> | undefined) => {
  const client = makeClient(url, token)
  const tokenSet = token !== undefined
  const ask = <A, I>(schema: Schema.Schema<A, I>, request: () => Promise<unknown>) => call(url, tokenSet, schema, request)

  const eventsAfter = (key: string, afterId: number) =>
    Effect.map(
      Effect.iterate({ afterId, all: Chunk.empty<PipelineEvent>(), more: true }, {
        while: (s) => s.more,
        body: (s) =>
          Effect.map(ask(Events, () => client.events.list.query({ taskKey: key, afterId: s.afterId, limit: PAGE })), (page) => ({
            afterId: page.at(-1)?.id ?? s.afterId,
            all: Chunk.appendAll(s.all, Chunk.fromIterable(page)),
            more: page.length === PAGE
          }))
      }),
      (s) => Chunk.toReadonlyArray(s.all)
    )

  const follow = (key: string, afterId: number) =>
    Stream.async<PipelineEvent, ReturnType<ReturnType<typeof toRemoteError>>>((emit) => {
      const subscription = client.events.subscribe.subscribe({ taskKey: key, lastEventId: String(afterId) as never }, {
        onData: (envelope) => {
          const decoded = Schema.decodeUnknownOption(PipelineEvent)(revive(envelope.data))
          if (Option.isSome(decoded)) void emit.single(decoded.value)
        },
        onError: (error) => void emit.fail(toRemoteError(url, tokenSet)(error)),
        onComplete: () => void emit.end()
      })
      return Effect.sync(() => subscription.unsubscribe())
    })

  return Backend.of({
    localDataDir: Effect.succeed(undefined),
    listTasks: (filter) => ask(Tasks, () => client.cli.tasks.query(filter)),
    getTask: (key) => ask(Task, () => client.tasks.get.query({ key })),
    createTask: (input: TaskInputEncoded) => ask(Task, () => client.tasks.create.mutate(input as never)),
    enqueue: (key) => ask(Task, () => client.tasks.enqueue.mutate({ key })),
    cancel: (key) => ask(Task, () => client.tasks.cancel.mutate({ key })),
    continueTask: (key, note) => ask(Task, () => client.tasks.continue.mutate({ key, ...(note === undefined ? {} : { note }) })),
    done: (key) => ask(Task, () => client.tasks.markDone.mutate({ key })),
    reject: (key, reason) => ask(Task, () => client.cli.reject.mutate({ key, reason })),
    retry: (key) => ask(Task, () => client.cli.retry.mutate({ key })),
    archive: (key, archived) => ask(Task, () => client.tasks.archive.mutate({ key, archived })),
    approvePlan: (key) => ask(Task, () => client.plans.approve.mutate({ key })),
    runs: (key) => ask(Schema.Array(Run), () => client.runs.list.query({ key })),
    events: eventsAfter,
    follow,
    listRepos: () => ask(Schema.Array(Repo), () => client.repos.list.query()),
    getRepo: (name) => ask(Repo, () => client.repos.get.query({ name })),
    listSettings: () => ask(Settings, () => client.settings.list.query()),
    setSetting: (key, text) => Effect.asVoid(ask(Schema.Unknown, () => client.cli.setSetting.mutate({ key, text }))),
    stats: (days) => ask(StatsAnswer, () => client.stats.summary.query({ days })),
    listTemplates: () => ask(Schema.Array(Template), () => client.templates.list.query()),
    getTemplate: (id) => ask(Template, () => client.templates.get.query({ id })),
    addTemplate: (input) => ask(Template, () => client.templates.create.mutate(input as never)),
    listIdeas: () => ask(Schema.Array(Idea), () => client.ideas.list.query()),
    getIdea: (id) => ask(Idea, () => client.ideas.get.query({ id })),
    addIdea: (input) => ask(Idea, () => client.ideas.create.mutate(input as never)),
    listSchedules: () => ask(Schema.Array(Schedule), () => client.schedules.list.query())
  })
}

export const layer = (url: string, token: Redacted.Redacted<string> | undefined) => Layer.sync(Backend, () => make(url, token))
