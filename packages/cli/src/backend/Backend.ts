/**
 * What the commands that work in both modes ask of DevServer. `BackendLocal` answers from the
 * database here (core's services), `BackendRemote` from another machine's DevServer over its tRPC API;
 * both return the same domain values, so a command prints the same table or JSON either way.
 */
import type { NotFound, AlreadyExists, InvalidInput, StoreError } from "@devserver/core/domain/Errors"
import type { Idea, IdeaInput } from "@devserver/core/domain/Idea"
import type { NoPlanAwaiting } from "@devserver/core/domain/Plan"
import type { PipelineEvent } from "@devserver/core/domain/PipelineEvent"
import type { Repo } from "@devserver/core/domain/Repo"
import type { Run } from "@devserver/core/domain/Run"
import type { Schedule } from "@devserver/core/domain/Schedule"
import type { Stats } from "@devserver/core/domain/Stats"
import type { Task, TaskInputEncoded } from "@devserver/core/domain/Task"
import type { IllegalTransition, TaskStatus } from "@devserver/core/domain/TaskStatus"
import type { Template, TemplateInput } from "@devserver/core/domain/Template"
import type { SettingEntry } from "@devserver/core/store/Settings"
import type { ActionRefused } from "@devserver/core/tasks/TaskActions"
import type { Effect, Stream } from "effect"
import { Context } from "effect"
import type { RemoteError } from "../RemoteError.js"

/** Any failure a command can meet; the CLI's error table turns each into one line and an exit code. */
export type BackendError = NotFound | InvalidInput | AlreadyExists | StoreError | IllegalTransition | ActionRefused | NoPlanAwaiting | RemoteError

type Answer<A> = Effect.Effect<A, BackendError>

export interface TaskListFilter {
  readonly status?: TaskStatus | undefined
  readonly repo?: string | undefined
  readonly includeArchived: boolean
  readonly limit: number
}

export interface BackendService {
  /** The data folder when the database is here (task show names folders and log files in it); undefined remotely. */
  readonly localDataDir: Answer<string | undefined>
  /** Tasks newest first, archived ones only when asked. */
  readonly listTasks: (filter: TaskListFilter) => Answer<ReadonlyArray<Task>>
  readonly getTask: (key: string) => Answer<Task>
  /** Stores a new task (pending unless the autoEnqueue setting is on); bad input changes nothing. */
  readonly createTask: (input: TaskInputEncoded) => Answer<Task>
  readonly enqueue: (key: string) => Answer<Task>
  /** A running task is stopped within seconds. */
  readonly cancel: (key: string) => Answer<Task>
  readonly continueTask: (key: string, note: string | undefined) => Answer<Task>
  readonly done: (key: string) => Answer<Task>
  readonly reject: (key: string, reason: string) => Answer<Task>
  readonly retry: (key: string) => Answer<Task>
  readonly archive: (key: string, archived: boolean) => Answer<Task>
  /** Approves the plan an interactive task waits on (it is queued again); NoPlanAwaiting when there is none. */
  readonly approvePlan: (key: string) => Answer<Task>
  readonly runs: (key: string) => Answer<ReadonlyArray<Run>>
  /** A task's stored events after `afterId`, in id order. */
  readonly events: (key: string, afterId: number) => Answer<ReadonlyArray<PipelineEvent>>
  /** Every event after `afterId`, then live ones, each once; runs until interrupted. */
  readonly follow: (key: string, afterId: number) => Stream.Stream<PipelineEvent, BackendError>
  readonly listRepos: () => Answer<ReadonlyArray<Repo>>
  readonly getRepo: (name: string) => Answer<Repo>
  readonly listSettings: () => Answer<ReadonlyArray<SettingEntry>>
  /** Sets a setting from its command-line text (JSON, or plain text for a string), checked against its type. */
  readonly setSetting: (key: string, text: string) => Answer<void>
  readonly stats: (days: number) => Answer<Stats>
  readonly listTemplates: () => Answer<ReadonlyArray<Template>>
  readonly getTemplate: (id: number) => Answer<Template>
  readonly addTemplate: (input: typeof TemplateInput.Encoded) => Answer<Template>
  readonly listIdeas: () => Answer<ReadonlyArray<Idea>>
  readonly getIdea: (id: number) => Answer<Idea>
  /** Adds an idea or a folder (NotFound for an unknown parent). */
  readonly addIdea: (input: typeof IdeaInput.Encoded) => Answer<Idea>
  /** Schedules with their next and last fire. */
  readonly listSchedules: () => Answer<ReadonlyArray<Schedule>>
}

export class Backend extends Context.Tag("@devserver/cli/Backend")<Backend, BackendService>() {}
