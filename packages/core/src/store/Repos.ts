/**
 * Stored repos. Input is validated here (Schema plus cross-field rules), so every shell gets the same
 * refusals. The access token is sealed by `SecretBox` before it is written and is only ever returned
 * by `token`, as a `Redacted`; `Repo` values carry `hasToken` instead.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { AlreadyExists, InvalidInput, NotFound, type StoreError } from "../domain/Errors.js"
import { checkRepoInput, Repo, RepoInput, type RepoInputEncoded } from "../domain/Repo.js"
import { decodeInput } from "../internal/decodeInput.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { SecretBox, type SecretError } from "../secrets/SecretBox.js"

export interface ReposService {
  /** Validates and stores a repo; `token` is encrypted. Fails with InvalidInput or AlreadyExists. */
  readonly add: (input: RepoInputEncoded, token?: Redacted.Redacted<string>) => Effect.Effect<Repo, InvalidInput | AlreadyExists | StoreError>
  /** All repos, by name. */
  readonly list: () => Effect.Effect<ReadonlyArray<Repo>, StoreError>
  /** One repo by name, or NotFound. */
  readonly get: (name: string) => Effect.Effect<Repo, NotFound | StoreError>
  /** The decrypted access token, for the forge edge only. */
  readonly token: (name: string) => Effect.Effect<Option.Option<Redacted.Redacted<string>>, NotFound | StoreError | SecretError>
}

export class Repos extends Context.Tag("@devserver/core/store/Repos")<Repos, ReposService>() {}

const RepoRow = Schema.Struct({
  ...Repo.fields,
  hasToken: Schema.optional(Schema.Boolean),
  tokenEncrypted: Schema.NullOr(Schema.String)
})
const toRepo = (row: unknown): Repo => {
  const decoded = Schema.decodeUnknownSync(RepoRow)({ ...(row as object), hasToken: false })
  const { tokenEncrypted, ...rest } = decoded
  return new Repo({ ...rest, hasToken: tokenEncrypted !== null })
}

const checkLocalPath = (dir: string) =>
  Effect.suspend(() =>
    fs.existsSync(path.join(dir, ".git"))
      ? Effect.void
      : Effect.fail(new InvalidInput({ field: "localPath", reason: `${dir} is not a git checkout` }))
  )

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const box = yield* SecretBox

  const get = (name: string) =>
    sql`select * from repos where name = ${name}`.pipe(
      Effect.flatMap(([row]) => (row ? Effect.succeed(toRepo(row)) : Effect.fail(new NotFound({ entity: "repo", id: name })))),
      storeFailure("repos.get")
    )

  const add = Effect.fn("Repos.add")(function*(raw: RepoInputEncoded, token?: Redacted.Redacted<string>) {
    const decoded = yield* decodeInput(RepoInput)(raw)
    const input = checkRepoInput(decoded)
    if ("reason" in input) return yield* new InvalidInput(input)
    if (input.provider === "local") yield* checkLocalPath(input.localPath)
    const rows = yield* sql`insert into repos ${sql.insert({
      ...input,
      commands: JSON.stringify(input.commands),
      allowedTools: [...input.allowedTools],
      tokenEncrypted: token && Redacted.value(token) !== "" ? box.seal(token) : null
    })} returning *`.pipe(storeFailure("repos.add", () => new AlreadyExists({ entity: "repo", id: input.name })))
    return toRepo(rows[0])
  })

  return Repos.of({
    add,
    get,
    list: () => sql`select * from repos order by name`.pipe(Effect.map((rows) => rows.map(toRepo)), storeFailure("repos.list")),
    token: Effect.fn("Repos.token")(function*(name: string) {
      const [row] = yield* sql<{ tokenEncrypted: string | null }>`select token_encrypted from repos where name = ${name}`.pipe(
        storeFailure("repos.token")
      )
      if (row === undefined) return yield* new NotFound({ entity: "repo", id: name })
      if (row.tokenEncrypted === null) return Option.none()
      return Option.some(yield* box.open(row.tokenEncrypted))
    })
  })
})

export const layer = Layer.effect(Repos, make)
