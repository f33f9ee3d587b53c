/** What the dashboard shows of the queue: the pause flag, concurrency, depth by status, workers. */
import { Schema } from "effect"
import { TaskKey } from "./Ids.js"
import { TaskStatus } from "./TaskStatus.js"

export const RunningTask = Schema.Struct({
  key: TaskKey,
  title: Schema.String,
  status: TaskStatus,
  worker: Schema.NullOr(Schema.String),
  since: Schema.NullOr(Schema.DateFromSelf)
})
export type RunningTask = typeof RunningTask.Type

export const WorkerInfo = Schema.Struct({
  id: Schema.String,
  startedAt: Schema.DateFromSelf,
  running: Schema.Number
})
export type WorkerInfo = typeof WorkerInfo.Type

export interface QueueStatus {
  readonly paused: boolean
  readonly maxConcurrency: number
  /** Tasks per status, archived ones left out. */
  readonly counts: Readonly<Record<TaskStatus, number>>
  /** Live workers (a dead worker's row goes when its tasks are recovered). */
  readonly workers: ReadonlyArray<WorkerInfo>
  /** Tasks running or verifying now, oldest first. */
  readonly running: ReadonlyArray<RunningTask>
}
