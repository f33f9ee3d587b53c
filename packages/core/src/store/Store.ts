/** All repository services over one SqlClient (the SecretBox seals repo tokens). */
import { Layer } from "effect"
import * as Events from "./Events.js"
import * as Ideas from "./Ideas.js"
import * as Repos from "./Repos.js"
import * as Runs from "./Runs.js"
import * as Settings from "./Settings.js"
import * as Tasks from "./Tasks.js"
import * as Templates from "./Templates.js"

export const layer = Layer.mergeAll(
  Tasks.layer,
  Repos.layer,
  Runs.layer,
  Templates.layer,
  Ideas.layer
).pipe(Layer.provideMerge(Layer.merge(Events.layer, Settings.layer)))
