/**
 * A canonical, order-stable dump of DevServer's tables, read inside the caller's transaction (a
 * REPEATABLE READ one gives a consistent snapshot while DevServer runs): tables in foreign-key order
 * (parents first), rows as PostgreSQL's own JSON text in primary-key order, paged so no single value
 * grows without bound, and the sequences' positions. Backups are written from it and restored
 * from it; tests compare two dumps to prove a round trip lost nothing. Run-time state that means
 * nothing in another install (live worker presence, login sessions) is left out.
 */
import type { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/** Tables whose rows describe running processes or browser sessions, not data. */
export const transient: ReadonlyArray<string> = ["effect_sql_migrations", "workers", "auth_sessions"]

const PAGE = 2000

export interface TablePlan {
  readonly name: string
  /** Columns that can be written back (generated columns excluded). */
  readonly columns: ReadonlyArray<string>
  /** The single integer primary-key column, when there is one (paged by it). */
  readonly pagedBy: string | null
  readonly orderBy: ReadonlyArray<string>
}

export interface SequenceState {
  readonly name: string
  readonly lastValue: number
  readonly isCalled: boolean
}

const ident = (name: string) => `"${name.replace(/"/g, "\"\"")}"`

/** The tables to dump, parents before children. */
export const plan = (sql: SqlClient.SqlClient) =>
  Effect.gen(function*() {
    const tables = (yield* sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`).map((t) => t.name).filter((t) => !transient.includes(t))
    const links = yield* sql<{ child: string; parent: string }>`
      select cl.relname as child, pl.relname as parent from pg_constraint c
      join pg_class cl on cl.oid = c.conrelid join pg_class pl on pl.oid = c.confrelid
      join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname = 'public'`
    const ordered: Array<string> = []
    const visit = (table: string, path: ReadonlySet<string>) => {
      if (ordered.includes(table) || path.has(table)) return
      for (const l of links) if (l.child === table && l.parent !== table && tables.includes(l.parent)) visit(l.parent, new Set([...path, table]))
      ordered.push(table)
    }
    for (const t of tables) visit(t, new Set())
    return yield* Effect.forEach(ordered, (name) =>
      Effect.gen(function*() {
        const columns = yield* sql<{ name: string }>`
          select column_name as name from information_schema.columns
          where table_schema = 'public' and table_name = ${name} and is_generated = 'NEVER' order by ordinal_position`
        const key = yield* sql<{ name: string; type: string }>`
          select a.attname as name, format_type(a.atttypid, null) as type from pg_index i
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
          where i.indrelid = ${`public.${ident(name)}`}::regclass and i.indisprimary order by a.attnum`
        const single = key.length === 1 && ["integer", "bigint", "smallint"].includes(key[0]!.type) ? key[0]!.name : null
        return {
          name,
          columns: columns.map((c) => c.name),
          pagedBy: single,
          orderBy: key.length > 0 ? key.map((k) => k.name) : columns.map((c) => c.name)
        } satisfies TablePlan
      }))
  })

/** Each page of a table's rows as a JSON array text, in key order; `page` receives them one by one. */
export const rows = <E, R>(sql: SqlClient.SqlClient, table: TablePlan, page: (json: string) => Effect.Effect<void, E, R>) =>
  Effect.gen(function*() {
    const from = sql.unsafe(`public.${ident(table.name)}`)
    const order = sql.unsafe(table.orderBy.map((c) => `t.${ident(c)}`).join(", "))
    if (table.pagedBy === null) {
      const [row] = yield* sql<{ rows: string | null }>`select json_agg(t order by ${order})::text as rows from ${from} t`
      if (row?.rows) yield* page(row.rows)
      return
    }
    const key = sql.unsafe(ident(table.pagedBy))
    let after: number | null = null
    for (;;) {
      const [row]: ReadonlyArray<{ rows: string | null; last: number | null }> = yield* sql<{ rows: string | null; last: number | null }>`
        select json_agg(t order by ${order})::text as rows, max(t.${key}) as last
        from (select * from ${from} ${after === null ? sql`` : sql`where ${key} > ${after}`} order by ${key} limit ${PAGE}) t`
      if (!row?.rows || row.last === null) return
      yield* page(row.rows)
      after = Number(row.last)
    }
  })

/** Every sequence of the schema with its position. */
export const sequences = (sql: SqlClient.SqlClient) =>
  Effect.gen(function*() {
    const names = yield* sql<{ name: string }>`
      select sequence_name as name from information_schema.sequences where sequence_schema = 'public' order by sequence_name`
    return yield* Effect.forEach(names, ({ name }) =>
      Effect.map(
        sql<{ lastValue: number; isCalled: boolean }>`select last_value, is_called from ${sql.unsafe(`public.${ident(name)}`)}`,
        ([s]): SequenceState => ({ name, lastValue: Number(s!.lastValue), isCalled: s!.isCalled })
      ))
  })

/** Applied migration ids, ascending. */
export const migrations = (sql: SqlClient.SqlClient) =>
  Effect.map(sql<{ id: number }>`select migration_id as id from effect_sql_migrations order by migration_id`, (rows) => rows.map((r) => Number(r.id)))

export { ident }
