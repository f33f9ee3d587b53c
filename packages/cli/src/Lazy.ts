/**
 * Imports a module when a command first needs it: the CLI starts with the command definitions only,
 * and each command loads just the services it calls (see build.mjs: each dynamic import is a chunk).
 */
import { Effect } from "effect"

export const load = <M>(module: () => Promise<M>): Effect.Effect<M> => Effect.promise(module)
