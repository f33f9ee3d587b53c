/** Stored ideas: a tree of folders and markdown ideas. */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import { InvalidInput, NotFound, type StoreError } from "../domain/Errors.js"
import { Idea, IdeaInput } from "../domain/Idea.js"
import { decodeInput } from "../internal/decodeInput.js"
import { storeFailure } from "../internal/sqlFailure.js"

export interface IdeasService {
  /** Adds a node under `parentId` (which must be a folder or an idea), at the end of its siblings. */
  readonly add: (input: typeof IdeaInput.Encoded) => Effect.Effect<Idea, InvalidInput | NotFound | StoreError>
  /** The whole tree, parents before children, siblings in order. */
  readonly list: () => Effect.Effect<ReadonlyArray<Idea>, StoreError>
  readonly get: (id: number) => Effect.Effect<Idea, NotFound | StoreError>
}

export class Ideas extends Context.Tag("@devserver/core/store/Ideas")<Ideas, IdeasService>() {}

const decodeIdea = Schema.decodeUnknownSync(Idea)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const get = (id: number) =>
    sql`select * from ideas where id = ${id}`.pipe(
      storeFailure("ideas.get"),
      Effect.flatMap(([row]) => (row ? Effect.succeed(decodeIdea(row)) : Effect.fail(new NotFound({ entity: "idea", id: String(id) }))))
    )
  const add = Effect.fn("Ideas.add")(function*(raw: typeof IdeaInput.Encoded) {
    const input = yield* decodeInput(IdeaInput)(raw)
    if (input.parentId !== null) yield* get(input.parentId)
    const [row] = yield* sql<{ id: number }>`
      insert into ideas (parent_id, kind, title, body, position)
      values (${input.parentId}, ${input.kind}, ${input.title}, ${input.body},
        (select coalesce(max(position) + 1, 0) from ideas where parent_id is not distinct from ${input.parentId}))
      returning id`
    return yield* get(row!.id)
  }, storeFailure("ideas.add"))
  return Ideas.of({
    add,
    get,
    list: () =>
      sql`
        with recursive tree as (
          select i.*, array[position, id] as path from ideas i where parent_id is null
          union all
          select c.*, tree.path || array[c.position, c.id] from ideas c join tree on c.parent_id = tree.id
        ) select * from tree order by path`.pipe(
        Effect.map((rows) => rows.map((row) => decodeIdea(row))),
        storeFailure("ideas.list")
      )
  })
})

export const layer = Layer.effect(Ideas, make)
