/**
 * Context around attempts. Forward-only; PostgreSQL 14+.
 *
 * - `task_compactions`: a task's earlier runs condensed by the system LLM into five sections (JSON),
 *   used by its next fresh attempt instead of the raw failure evidence; one per task, replaced.
 * - `tasks.skills`: names of `SKILL.md` folders whose text joins the prompt (templates carry them in
 *   their settings JSON).
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
  create table task_compactions (
    task_id bigint primary key references tasks(id) on delete cascade,
    body text not null,
    created_at timestamptz not null default now()
  );
  alter table tasks add column skills text[] not null default '{}';
`)
