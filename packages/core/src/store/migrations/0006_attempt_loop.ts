/**
 * The attempt loop: a task's own verification commands (per step, over the repo's), and an index for
 * the daily spend sum of the budget breaker.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
  alter table tasks add column if not exists verify_commands jsonb;
  create index if not exists runs_started_idx on runs (started_at);
`)
