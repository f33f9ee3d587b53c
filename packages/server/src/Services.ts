/**
 * What the server's runtime provides: the store, the queue, the live event feed and the read models
 * of core. `layer` adds what the server needs on top of a worker's services (`devserver start`);
 * `standaloneLayer` also brings the queue and schedules (`devserver serve`, no worker).
 */
import * as Events from "@devserver/core/store/Events"
import * as Ideas from "@devserver/core/store/Ideas"
import * as Repos from "@devserver/core/store/Repos"
import * as Runs from "@devserver/core/store/Runs"
import * as Settings from "@devserver/core/store/Settings"
import * as Tasks from "@devserver/core/store/Tasks"
import * as Templates from "@devserver/core/store/Templates"
import * as EventStream from "@devserver/core/queue/EventStream"
import * as Queue from "@devserver/core/queue/Queue"
import * as QueueLive from "@devserver/core/queue/QueueLive"
import * as Schedules from "@devserver/core/queue/Schedules"
import * as TaskActions from "@devserver/core/tasks/TaskActions"
import * as TaskSearch from "@devserver/core/tasks/TaskSearch"
import * as QueueOverview from "@devserver/core/analytics/QueueOverview"
import * as Analytics from "@devserver/core/analytics/Analytics"
import * as Auth from "@devserver/core/auth/Auth"
import * as EnvironmentView from "@devserver/core/config/EnvironmentView"
import * as TaskUpdate from "@devserver/core/tasks/TaskUpdate"
import * as AuthLive from "@devserver/core/auth/AuthLive"
import * as DevPlan from "@devserver/core/authoring/DevPlan"
import * as FillTask from "@devserver/core/authoring/FillTask"
import * as GoalGraph from "@devserver/core/authoring/GoalGraph"
import * as Compaction from "@devserver/core/context/Compaction"
import * as Forecast from "@devserver/core/context/Forecast"
import * as Decisions from "@devserver/core/decisions/Decisions"
import * as Deliveries from "@devserver/core/delivery/Deliveries"
import * as RepoCheck from "@devserver/core/delivery/RepoCheck"
import * as PlanGate from "@devserver/core/gates/PlanGate"
import * as LlmLive from "@devserver/core/llm/LlmLive"
import { Layer } from "effect"

export type ServerServices =
  | Events.Events
  | Ideas.Ideas
  | Repos.Repos
  | Runs.Runs
  | Settings.Settings
  | Tasks.Tasks
  | Templates.Templates
  | EventStream.EventStream
  | Queue.Queue
  | Schedules.Schedules
  | TaskSearch.TaskSearch
  | TaskActions.TaskActions
  | QueueOverview.QueueOverview
  | Auth.Auth
  | Analytics.Analytics
  | EnvironmentView.EnvironmentView
  | TaskUpdate.TaskUpdate
  | PlanGate.PlanGate
  | Decisions.Decisions
  | Forecast.Forecast
  | Compaction.Compaction
  | FillTask.FillTask
  | DevPlan.DevPlan
  | GoalGraph.GoalGraph
  | Deliveries.Deliveries
  | RepoCheck.RepoCheck

/** The gates, the forecast and delivery reads, and the system LLM's features (keys read from Config). */
const gates = Layer.mergeAll(PlanGate.layer, Decisions.layer, Forecast.layer, Deliveries.layer, RepoCheck.layer,
  Layer.mergeAll(Compaction.layer, FillTask.layer, DevPlan.layer, GoalGraph.layer).pipe(Layer.provide(LlmLive.layerConfig)))

/** The server's own read models, over the store and the queue. */
export const layer = Layer.mergeAll(EventStream.layer, TaskSearch.layer, TaskActions.layer, QueueOverview.layer, AuthLive.layerConfig,
  Analytics.layer, EnvironmentView.layer, TaskUpdate.layer, gates)

/** Queue and schedules too, for a process that runs no worker. */
export const standaloneLayer = layer.pipe(Layer.provideMerge(Schedules.layer), Layer.provideMerge(QueueLive.layer))
