/** What the database-backed commands need, wired from configuration by core. */
import * as DataDir from "@devserver/core/store/DataDir"
import * as DevServer from "@devserver/core/DevServer"
import * as WorkerServices from "@devserver/core/WorkerServices"

export const configLayer = DataDir.layerConfig

export const appLayer = DevServer.layer

export const workerLayer = WorkerServices.layer
