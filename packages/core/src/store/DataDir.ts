/**
 * The data folder: embedded database, repo caches, worktrees, artifacts, logs.
 * `DEVSERVER_DATA_DIR` moves it. The default is `~/.local/share/devserver`, and `/var/lib/devserver`
 * when running as root, because the embedded PostgreSQL then runs as the `postgres` user, which
 * cannot reach into `/root`.
 */
import { Config, Context, Effect, Layer } from "effect"
import * as os from "node:os"
import * as path from "node:path"

export class DataDir extends Context.Tag("@devserver/core/store/DataDir")<DataDir, { readonly path: string }>() {}

/** The default data folder for the current user. */
export const defaultPath = (): string =>
  os.userInfo().uid === 0 ? "/var/lib/devserver" : path.join(os.homedir(), ".local", "share", "devserver")

export const make = (dir: string) => DataDir.of({ path: path.resolve(dir) })

export const layer = (dir: string) => Layer.succeed(DataDir, make(dir))

export const layerConfig = Layer.effect(
  DataDir,
  Effect.map(Config.string("DEVSERVER_DATA_DIR").pipe(Config.withDefault(defaultPath())), make)
)
