/** Settings of delivery: the agent identity (shared with workspaces), git's environment, retries, preflight. */
import { Config, type Option, type Redacted } from "effect"
import type * as Git from "../workspace/Git.js"
import * as WorkspaceLive from "../workspace/WorkspaceLive.js"
import type { RetryPolicy } from "./Retry.js"

export interface DeliveryConfig {
  readonly authorName: string
  /** Every delivered commit must be authored by this address (preflight). */
  readonly authorEmail: string
  readonly env: Git.GitEnv
  /** Forge calls and pushes: tries after the first and the backoff between them. */
  readonly retry: RetryPolicy
  /** Token for repos without their own (`DEVSERVER_FORGE_TOKEN`). */
  readonly globalToken: Option.Option<Redacted.Redacted<string>>
  /** Files the secret scan skips (gitignore patterns, `DEVSERVER_PREFLIGHT_IGNORE`, comma separated). */
  readonly ignoreGlobs: ReadonlyArray<string>
  readonly maxFileBytes: number
}

export const config: Config.Config<DeliveryConfig> = Config.all({
  workspace: WorkspaceLive.config,
  retry: Config.all({
    retries: Config.integer("DEVSERVER_DELIVERY_RETRIES").pipe(Config.withDefault(4)),
    baseMs: Config.integer("DEVSERVER_DELIVERY_BACKOFF_MS").pipe(Config.withDefault(5_000)),
    maxMs: Config.integer("DEVSERVER_DELIVERY_BACKOFF_MAX_MS").pipe(Config.withDefault(300_000))
  }),
  globalToken: Config.option(Config.redacted("DEVSERVER_FORGE_TOKEN")),
  ignoreGlobs: Config.array(Config.string("DEVSERVER_PREFLIGHT_IGNORE")).pipe(Config.withDefault([])),
  maxFileBytes: Config.integer("DEVSERVER_PREFLIGHT_MAX_FILE_BYTES").pipe(Config.withDefault(1024 * 1024))
}).pipe(Config.map(({ workspace, ...rest }) => ({ authorName: workspace.authorName, authorEmail: workspace.authorEmail, env: workspace.env, ...rest })))
