/**
 * The pipeline's step errors, and their one translation into the worker's `TaskRunError` (which
 * names the step that failed).
 */
import type { AgentError } from "../agents/AgentBackend.js"
import type { NotFound, StoreError } from "../domain/Errors.js"
import type { IllegalTransition } from "../domain/TaskStatus.js"
import { TaskRunError } from "../queue/TaskRunner.js"
import type { VerifyError } from "../verify/Verify.js"
import type { WorkspaceError } from "../workspace/Workspace.js"
import type { DeliverError } from "./Deliver.js"

/** Everything a pipeline step may fail with (infrastructure, never a failed attempt). */
export type StepError = StoreError | NotFound | WorkspaceError | AgentError | VerifyError | DeliverError | IllegalTransition

const stepOf = (error: StepError): string => {
  switch (error._tag) {
    case "VerifyError":
      return "verify"
    case "DeliverError":
      return "deliver"
    case "AgentError":
    case "WorkspaceError":
      return "attempt"
    default:
      return "store"
  }
}

/** Names the failed step: `context` for the preparation, else by the error's origin. */
export const toTaskRunError = (taskKey: string, step?: string) => (error: StepError): TaskRunError =>
  new TaskRunError({ taskKey, step: step ?? stepOf(error), detail: error.message, cause: error })
