/**
 * A `pg` pool whose connections run marked statements as named prepared statements. `@effect/sql-pg`
 * sends every statement unnamed, so PostgreSQL parses and plans it on every call; for the queue's hot
 * statements (claim, complete-and-claim, heartbeat, every status move) planning is about half their
 * time. A statement whose text starts with `PREPARE_MARK` is prepared once per connection (named by a
 * hash of its text) and only bound and executed afterwards; all other statements run as before.
 *
 * A prepared statement whose result columns changed under it (another process migrated the schema:
 * PostgreSQL answers "cached plan must not change result type") is prepared again under a new name
 * and retried once.
 */
import * as crypto from "node:crypto"
import pg from "pg"

/** Put first in a statement's text to run it as a prepared statement. */
export const PREPARE_MARK = "/* prepare */"

const names = new Map<string, string>()
const nameOf = (text: string, renew = false) => {
  const known = names.get(text)
  if (known !== undefined && !renew) return known
  const hash = crypto.createHash("sha1").update(text).digest("hex").slice(0, 16)
  const name = `ds_${hash}_${known === undefined ? 0 : Number(known.split("_")[2]) + 1}`
  names.set(text, name)
  return name
}

type Callback = (error: Error | null, result: unknown) => void
const resultTypeChanged = (error: Error | null) =>
  (error as { code?: unknown } | null)?.code === "0A000" && error!.message.includes("cached plan must not change result type")

class PreparingClient extends pg.Client {
  override query(...args: Array<unknown>): never {
    const [text, values, callback] = args
    if (typeof text !== "string" || !text.startsWith(PREPARE_MARK) || typeof callback !== "function") {
      return (super.query as (...a: Array<unknown>) => never)(...args)
    }
    const run = (name: string, done: Callback) =>
      (super.query as (...a: Array<unknown>) => never)({ name, text, values }, done)
    return run(nameOf(text), (error, result) => {
      if (resultTypeChanged(error)) return run(nameOf(text, true), callback as Callback)
      return (callback as Callback)(error, result)
    })
  }
}

/** A pool over `PreparingClient` connections. */
export const make = (config: pg.PoolConfig) => new pg.Pool({ ...config, Client: PreparingClient })
