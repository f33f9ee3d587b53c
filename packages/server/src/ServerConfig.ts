/**
 * Where the server listens and what it serves: `DEVSERVER_HOST` (default 127.0.0.1), `DEVSERVER_PORT`
 * (default 7420, 0 = any free port) and `DEVSERVER_WEB_DIR` (default: the built web app of this install).
 */
import { Config, Context, Layer } from "effect"
import * as path from "node:path"

export interface ServerConfigShape {
  readonly host: string
  readonly port: number
  /** The folder of the built web app (index.html and assets). */
  readonly webDir: string
}

export class ServerConfig extends Context.Tag("@devserver/server/ServerConfig")<ServerConfig, ServerConfigShape>() {}

/** packages/web/dist next to this package, in the workspace and in an install alike. */
export const defaultWebDir = path.resolve(import.meta.dirname, "../../web/dist")

export const config = Config.all({
  host: Config.string("DEVSERVER_HOST").pipe(Config.withDefault("127.0.0.1")),
  port: Config.integer("DEVSERVER_PORT").pipe(
    Config.validate({ message: "DEVSERVER_PORT is a port number, 0 to 65535", validation: (n) => n >= 0 && n <= 65535 }),
    Config.withDefault(7420)
  ),
  webDir: Config.string("DEVSERVER_WEB_DIR").pipe(Config.withDefault(defaultWebDir))
})

export const layer = (shape: ServerConfigShape) => Layer.succeed(ServerConfig, shape)

export const layerConfig = Layer.effect(ServerConfig, config)

/** Whether only this machine can reach the address (login is then not needed). */
export const isLoopback = (host: string) => host === "127.0.0.1" || host === "::1" || host === "localhost" || /^127\./.test(host)
