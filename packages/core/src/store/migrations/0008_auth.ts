/**
 * Login and API tokens, and the indexes of the task list:
 * - `auth_password`: at most one row, the scrypt hash of the password set with `devserver auth set-password`.
 * - `auth_sessions`, `api_tokens`: only SHA-256 hashes of the (random, 256-bit) secrets are stored.
 * - Task list: a covering index of live (unarchived) tasks answers the default page, any deep page
 *   and the counts by status, repo and priority with index-only scans; sorts by priority and by last
 *   change have their indexes; trigram indexes answer substring search on key and title; a GIN index
 *   answers labels. (A status move rewrites every index entry of the row anyway: it is not a HOT
 *   update, while heartbeats, which change no indexed column, still are.)
 * - Analytics: runs by start time, status changes by time (the events table is mostly log lines).
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
  create table auth_password (
    id boolean primary key default true check (id),
    hash text not null,
    updated_at timestamptz not null default now()
  );

  create table auth_sessions (
    id bigserial primary key,
    token_hash bytea not null unique,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
  );
  create index auth_sessions_expiry_idx on auth_sessions (expires_at);

  create table api_tokens (
    id serial primary key,
    name text not null unique,
    token_hash bytea not null unique,
    prefix text not null,
    created_at timestamptz not null default now(),
    last_used_at timestamptz
  );

  create extension if not exists pg_trgm;
  create index tasks_title_trgm_idx on tasks using gin (title gin_trgm_ops);
  create index tasks_key_trgm_idx on tasks using gin (key gin_trgm_ops);
  create index tasks_labels_idx on tasks using gin (labels);
  create index if not exists tasks_list_idx on tasks (id desc) include (status, repo_id, priority) where not archived;
  create index if not exists tasks_priority_idx on tasks (priority, id);
  create index if not exists tasks_updated_idx on tasks (updated_at, id);

  create index if not exists runs_started_idx on runs (started_at);
  create index events_status_changed_idx on events (created_at) where type = 'status_changed';
`.raw)
