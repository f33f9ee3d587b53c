/**
 * Where the server listens and what it serves: `DEVSERVER_HOST` (default 127.0.0.1), `DEVSERVER_PORT`
 * (default 7420, 0 = any free port) and `DEVSERVER_WEB_DIR` (default: the built web app of this install).
 */
import { Config, Context, Layer } from "effect"
import { createRequire } from "node:module"
import * as path from "node:path"

export interface ServerConfigShape {
  readonly host: string
  readonly port: number
  /** The folder of the built web app (index.html and assets). */
  readonly webDir: string
}

export class ServerConfig extends Context.Tag("@devserver/server/ServerConfig")<ServerConfig, ServerConfigShape>() {}

/**
 * The web package's `dist`, found through module resolution, so it is right from this package's
 * sources, its build, or a bundle of the CLI alike.
 */
export const defaultWebDir = (() => {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve("@devserver/web/package.json")), "dist")
  } catch {
    return path.resolve(import.meta.dirname, "../../web/dist")
  }
})()

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
