/** The store's services over a fresh migrated database of this test file. */
import { Layer } from "effect"
import * as SecretBox from "../../src/secrets/SecretBox.js"
import * as Store from "../../src/store/Store.js"
import * as TestDatabase from "./TestDatabase.js"

export const testKey = Buffer.alloc(32, 7)

export const layer = Store.layer.pipe(
  Layer.provideMerge(Layer.merge(TestDatabase.layer, SecretBox.layer(testKey)))
)
