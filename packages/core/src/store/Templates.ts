/** Stored task templates: task settings plus description/acceptance presets. */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import { AlreadyExists, type InvalidInput, NotFound, type StoreError } from "../domain/Errors.js"
import { TaskSettings } from "../domain/Task.js"
import { Template, TemplateInput } from "../domain/Template.js"
import { decodeInput } from "../internal/decodeInput.js"
import { storeFailure } from "../internal/sqlFailure.js"

export interface TemplatesService {
  /** Validates and stores a template; names are unique. */
  readonly add: (input: typeof TemplateInput.Encoded) => Effect.Effect<Template, InvalidInput | AlreadyExists | NotFound | StoreError>
  readonly list: () => Effect.Effect<ReadonlyArray<Template>, StoreError>
  /** One template by id, or NotFound. */
  readonly get: (id: number) => Effect.Effect<Template, NotFound | StoreError>
}

export class Templates extends Context.Tag("@devserver/core/store/Templates")<Templates, TemplatesService>() {}

const decodeTemplate = Schema.decodeUnknownSync(Template)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const select = sql`select t.*, r.name as repo from templates t left join repos r on r.id = t.repo_id`
  const get = (id: number) =>
    sql`${select} where t.id = ${id}`.pipe(
      storeFailure("templates.get"),
      Effect.flatMap(([row]) => (row ? Effect.succeed(decodeTemplate(row)) : Effect.fail(new NotFound({ entity: "template", id: String(id) }))))
    )
  const add = Effect.fn("Templates.add")(function*(raw: typeof TemplateInput.Encoded) {
    const { repo, settings, ...input } = yield* decodeInput(TemplateInput)(raw)
    const [repoRow] = repo === null ? [null] : yield* sql<{ id: number }>`select id from repos where name = ${repo}`
    if (repoRow === undefined) return yield* new NotFound({ entity: "repo", id: repo ?? "" })
    const [row] = yield* sql<{ id: number }>`insert into templates ${sql.insert({
      ...input,
      repoId: repoRow?.id ?? null,
      settings: JSON.stringify(Schema.encodeSync(TaskSettings)(settings))
    })} returning id`.pipe(storeFailure("templates.add", () => new AlreadyExists({ entity: "template", id: input.name })))
    return yield* get(row!.id)
  }, storeFailure("templates.add"))
  return Templates.of({
    add,
    get,
    list: () =>
      sql`${select} order by t.name`.pipe(Effect.map((rows) => rows.map((row) => decodeTemplate(row))), storeFailure("templates.list"))
  })
})

export const layer = Layer.effect(Templates, make)
