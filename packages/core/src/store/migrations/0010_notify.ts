/**
 * Notification resume points. Forward-only; PostgreSQL 14+.
 *
 * `notifier_cursors`: per notifier (by name, e.g. `telegram`), the id of the last event whose
 * notification it delivered. The feed resumes after it in commit order, so a restart neither loses
 * nor repeats notifications.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
  create table notifier_cursors (
    name text primary key,
    after_id bigint not null,
    updated_at timestamptz not null default now()
  );
`)
