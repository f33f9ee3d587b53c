/** What every database-backed command needs: the data folder and the whole store, from config. */
import * as DataDir from "@devserver/core/store/DataDir"
import * as DevServer from "@devserver/core/DevServer"

export const configLayer = DataDir.layerConfig

export const appLayer = DevServer.layer
