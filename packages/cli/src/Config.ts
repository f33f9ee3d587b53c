/**
 * What the database-backed commands need, wired from configuration by core. Each layer's module is
 * imported when a command first builds it, so `devserver --help` or `task list` never load the worker.
 */
import { Effect, Layer } from "effect"

/** The data folder only (no database). */
export const configLayer = Layer.unwrapEffect(
  Effect.map(Effect.promise(() => import("@devserver/core/store/DataDir")), (m) => m.layerConfig)
)

/** The database (embedded unless DATABASE_URL is set), migrated, with every store service. */
export const appLayer = Layer.unwrapEffect(
  Effect.map(Effect.promise(() => import("@devserver/core/DevServer")), (m) => m.layer)
)

/** The queue, the real pipeline and the scheduler, on top of `appLayer`. */
export const workerLayer = Layer.unwrapEffect(
  Effect.map(Effect.promise(() => import("@devserver/core/WorkerServices")), (m) => m.layer)
)

/** The live event feed (for `task logs --follow` and a worker's progress lines). */
export const eventStreamLayer = Layer.unwrapEffect(
  Effect.map(Effect.promise(() => import("@devserver/core/queue/EventStream")), (m) => m.layer)
)
