/** Task statuses in pipeline order, for filters (the domain's list, without loading its Schemas). */
import type { TaskStatus } from "@devserver/core/domain/TaskStatus"

export const STATUSES: ReadonlyArray<TaskStatus> = ["pending", "queued", "running", "verifying", "review", "done", "failed", "blocked", "cancelled"]
