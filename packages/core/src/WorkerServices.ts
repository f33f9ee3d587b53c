/**
 * What a worker process runs on top of `DevServer.layer`: the queue, the real task pipeline
 * (`RunTask`: workspace → repo map → agent CLI → commit → verify, retries, failover → preflight and delivery) with the built-in agent backends and workspaces, and
 * the background scheduler and night cycle, and the log files (`FileLogger`: `<data>/logs/devserver.log`,
 * rotated, and a log per task). Agent keys and the other agent settings are read from
 * configuration while this layer is built (see `AgentsLive`).
 */
import { Effect, Layer } from "effect"
import * as path from "node:path"
import * as AgentsLive from "./agents/AgentsLive.js"
import * as Spend from "./budget/Spend.js"
import * as DeliverLive from "./delivery/DeliverLive.js"
import * as FileLogger from "./logging/FileLogger.js"
import * as PlanGate from "./gates/PlanGate.js"
import * as RunTask from "./pipeline/RunTask.js"
import * as NightCycle from "./queue/NightCycle.js"
import * as QueueLive from "./queue/QueueLive.js"
import * as Scheduler from "./queue/Scheduler.js"
import * as Schedules from "./queue/Schedules.js"
import * as RepoMapLive from "./repomap/RepoMapLive.js"
import { DataDir } from "./store/DataDir.js"
import * as VerifyLive from "./verify/VerifyLive.js"
import * as WorkspaceLive from "./workspace/WorkspaceLive.js"

/** The repo map with its per-file cache in the data folder. */
const repoMap = Layer.unwrapEffect(Effect.map(DataDir, (dir) => RepoMapLive.layer({ cacheDir: path.join(dir.path, "repomap-cache") })))

export const layer = Layer.mergeAll(RunTask.layer, Scheduler.layer, NightCycle.layer, FileLogger.layerConfig).pipe(
  Layer.provideMerge(Layer.mergeAll(AgentsLive.layer, WorkspaceLive.layer, Schedules.layer, repoMap, VerifyLive.layer, Spend.layer, DeliverLive.layer)),
  // The plan gate is also read by delivery: an approved plan's files are the preflight's scope.
  Layer.provideMerge(PlanGate.layer),
  Layer.provideMerge(QueueLive.layer)
)
