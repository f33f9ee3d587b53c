/**
 * Notification resume points and stored plans. Forward-only; PostgreSQL 14+.
 *
 * `notifier_cursors`: per notifier (by name, e.g. `telegram`), the id of the last event whose
 * notification it delivered. The feed resumes after it in commit order, so a restart neither loses
 * nor repeats notifications.
 *
 * `plans`: the plans of interactive tasks (the JSON of a read-only plan run), awaiting a person's
 * approval, then approved or rejected, with who decided and why.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
  create table notifier_cursors (
    name text primary key,
    after_id bigint not null,
    updated_at timestamptz not null default now()
  );

  create table plans (
    id bigserial primary key,
    task_id bigint not null references tasks(id) on delete cascade,
    plan jsonb not null,
    status text not null default 'awaiting' check (status in ('awaiting', 'approved', 'rejected')),
    decided_by text,
    reason text,
    decided_at timestamptz,
    created_at timestamptz not null default now()
  );
  create index plans_task_idx on plans (task_id, id desc);
`)
