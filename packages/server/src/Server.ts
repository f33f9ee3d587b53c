/**
 * The server as a layer for the shells: `layer` runs beside a worker (which brings the queue and the
 * schedules; `devserver start`), with the Telegram bot when `TELEGRAM_BOT_TOKEN` is set;
 * `standaloneLayer` brings its own queue and no bot (`devserver serve`). Both read
 * `DEVSERVER_HOST`, `DEVSERVER_PORT` and `DEVSERVER_WEB_DIR`, and need the store (core's `DevServer.layer`).
 */
import { Layer } from "effect"
import * as HttpServer from "./http/HttpServer.js"
import * as ServerConfig from "./ServerConfig.js"
import * as Services from "./Services.js"
import * as TelegramBot from "./telegram/TelegramBot.js"

const http = HttpServer.layer.pipe(Layer.provide(ServerConfig.layerConfig))

export const layer = Layer.merge(http, TelegramBot.layerConfig).pipe(Layer.provideMerge(Services.layer))

export const standaloneLayer = http.pipe(Layer.provideMerge(Services.standaloneLayer))

export { HttpServer }
