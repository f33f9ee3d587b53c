/** A preset of task settings plus description/acceptance text. */
import { Schema } from "effect"
import { RepoName } from "./Ids.js"
import { TaskSettings } from "./Task.js"

export const TemplateInput = Schema.Struct({
  name: Schema.String.pipe(Schema.trimmed(), Schema.minLength(1), Schema.maxLength(100)),
  title: Schema.optionalWith(Schema.String, { default: () => "" }),
  description: Schema.optionalWith(Schema.String, { default: () => "" }),
  acceptance: Schema.optionalWith(Schema.String, { default: () => "" }),
  repo: Schema.optionalWith(Schema.NullOr(RepoName), { default: () => null }),
  settings: Schema.optionalWith(TaskSettings, { default: () => TaskSettings.make({}) })
})
export type TemplateInput = typeof TemplateInput.Type

export class Template extends Schema.Class<Template>("Template")({
  id: Schema.Number,
  ...TemplateInput.fields,
  createdAt: Schema.DateFromSelf
}) {}
