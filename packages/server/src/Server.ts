/**
 * The server as a layer for the shells: `layer` runs beside a worker (which brings the queue and the
 * schedules; `devserver start`), `standaloneLayer` brings its own (`devserver serve`). Both read
 * `DEVSERVER_HOST`, `DEVSERVER_PORT` and `DEVSERVER_WEB_DIR`, and need the store (core's `DevServer.layer`).
 */
import { Layer } from "effect"
import * as HttpServer from "./http/HttpServer.js"
import * as ServerConfig from "./ServerConfig.js"
import * as Services from "./Services.js"

const http = HttpServer.layer.pipe(Layer.provide(ServerConfig.layerConfig))

export const layer = http.pipe(Layer.provideMerge(Services.layer))

export const standaloneLayer = http.pipe(Layer.provideMerge(Services.standaloneLayer))

export { HttpServer }
