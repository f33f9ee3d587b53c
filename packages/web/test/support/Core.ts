/**
 * Core services over the database of a running `devserver start`, for what a test cannot do through
 * a surface yet (an agent raising a decision). Changes go through core's own services, so the events
 * and NOTIFY reach the server and the open page exactly as from a worker.
 */
import * as Decisions from "@devserver/core/decisions/Decisions"
import * as SecretBox from "@devserver/core/secrets/SecretBox"
import * as Database from "@devserver/core/store/Database"
import * as Store from "@devserver/core/store/Store"
import { Effect, Layer, Redacted } from "effect"

const layer = (url: string) =>
  Decisions.layer.pipe(
    Layer.provideMerge(Store.layer),
    Layer.provideMerge(Layer.merge(Database.clientLayer(Redacted.make(url), "devserver-test"), SecretBox.layer(Buffer.alloc(32, 3))))
  )

export type CoreServices = Layer.Layer.Success<ReturnType<typeof layer>>

/** Runs `effect` on core services connected to `databaseUrl`, then disconnects. */
export const withCore = <A, E>(databaseUrl: string, effect: Effect.Effect<A, E, CoreServices>): Promise<A> =>
  Effect.runPromise(effect.pipe(Effect.provide(layer(databaseUrl)), Effect.scoped) as Effect.Effect<A, never>)
