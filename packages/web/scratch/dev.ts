// Temporary: the server + a worker in one process until `devserver start` serves the web app.
import * as DevServer from "@devserver/core/DevServer"
import * as WorkerServices from "@devserver/core/WorkerServices"
import * as Worker from "@devserver/core/queue/Worker"
import { Effect, Layer } from "effect"
import { NodeRuntime } from "@effect/platform-node"
import * as HttpServer from "../../server/src/http/HttpServer.js"
import * as ServerConfig from "../../server/src/ServerConfig.js"
import * as Services from "../../server/src/Services.js"

const layer = HttpServer.layer.pipe(
  Layer.provide(ServerConfig.layerConfig),
  Layer.provideMerge(Layer.merge(Services.layer, Worker.layer())),
  Layer.provideMerge(WorkerServices.layer),
  Layer.provideMerge(DevServer.layer)
)
NodeRuntime.runMain(Effect.gen(function*() {
  const s = yield* HttpServer.HttpServer
  console.log("listening", s.url)
  return yield* Effect.never
}).pipe(Effect.provide(layer)) as never)
