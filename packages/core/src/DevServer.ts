/**
 * The whole SDK wired from configuration: the data folder (`DEVSERVER_DATA_DIR`), the database
 * (`DATABASE_URL`, else the embedded PostgreSQL, migrated at start), the secret box
 * (`DEVSERVER_SECRET_KEY`, else `<data>/secret.key`) and every store service.
 */
import { Layer } from "effect"
import * as SecretBox from "./secrets/SecretBox.js"
import * as DataDir from "./store/DataDir.js"
import * as Database from "./store/Database.js"
import * as Store from "./store/Store.js"

export const layer = Store.layer.pipe(
  Layer.provideMerge(Layer.merge(Database.layer, SecretBox.layerConfig)),
  Layer.provideMerge(DataDir.layerConfig)
)
