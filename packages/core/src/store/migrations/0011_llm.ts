/**
 * System LLM usage. Forward-only; PostgreSQL 14+.
 *
 * `llm_usage`: one row per call DevServer made to its system LLM: what for (`feature`), vendor,
 * model, tokens, and cost in USD (null when the model's price is unknown).
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
  create table llm_usage (
    id bigserial primary key,
    feature text not null,
    vendor text not null,
    model text not null,
    input_tokens int,
    output_tokens int,
    cost_usd numeric,
    created_at timestamptz not null default now()
  );
  create index llm_usage_created_idx on llm_usage (created_at);
`)
