/** What every database-backed command needs: the data folder and the whole store, from config. */
import { DataDir, DevServer } from "@devserver/core"

export const configLayer = DataDir.layerConfig

export const appLayer = DevServer.layer
