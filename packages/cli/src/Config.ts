/**
 * What the commands need, wired from configuration by core. Each layer's module is imported when a
 * command first builds it, so `devserver --help` or `task list` never load the worker.
 *
 * In remote mode (`--server`) the database-backed layers provide nothing and open nothing: Main lets
 * only the commands that go through `Backend` run then (see Mode.allowRemote), and those never reach
 * for a core service directly.
 */
import { Effect, Layer } from "effect"
import * as Backend from "./backend/Backend.js"
import { Mode } from "./Mode.js"

/** `layer` when the database is here; nothing in remote mode. */
export const localOnly = <A, E, R>(layer: Effect.Effect<Layer.Layer<A, E, R>>): Layer.Layer<A, E, R | Mode> =>
  Layer.unwrapEffect(Effect.flatMap(Mode, (mode) => (mode._tag === "Remote" ? Effect.succeed(Layer.empty as unknown as Layer.Layer<A, E, R>) : layer)))

/** The data folder only (no database). */
export const configLayer = localOnly(Effect.map(Effect.promise(() => import("@devserver/core/store/DataDir")), (m) => m.layerConfig))

/** The database (embedded unless DATABASE_URL is set), migrated, with every store service. */
export const appLayer = localOnly(Effect.map(Effect.promise(() => import("@devserver/core/DevServer")), (m) => m.layer))

/** The queue, the real pipeline and the scheduler, on top of `appLayer`. */
export const workerLayer = localOnly(Effect.map(Effect.promise(() => import("@devserver/core/WorkerServices")), (m) => m.layer))

/** The live event feed (for `task logs --follow` and a worker's progress lines). */
export const eventStreamLayer = localOnly(Effect.map(Effect.promise(() => import("@devserver/core/queue/EventStream")), (m) => m.layer))

/** The commands' backend: the database here (over `appLayer`'s services), or the DevServer at `--server`. */
export const backendLayer: Layer.Layer<Backend.Backend, never, Mode | Layer.Layer.Success<typeof appLayer>> = Layer.unwrapEffect(
  Effect.flatMap(Mode, (mode) =>
    mode._tag === "Remote"
      ? Effect.map(Effect.promise(() => import("./backend/BackendRemote.js")), (m) => m.layer(mode.url, mode.token))
      : Effect.map(Effect.promise(() => import("./backend/BackendLocal.js")), (m) => m.layer))
)
