/** The whole domain model: repos, tasks, runs, events, templates, ideas, schedules, settings, memories, decisions, artifacts. Forward-only: later changes are new migrations, never edits of this one. */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
  create table repos (
    id serial primary key,
    name text not null unique,
    provider text not null check (provider in ('gitea', 'forgejo', 'github', 'local')),
    clone_url text not null default '',
    api_url text not null default '',
    forge_repo text not null default '',
    default_branch text not null default 'main',
    local_path text not null default '',
    token_encrypted text,
    commands jsonb not null default '{}',
    default_vendor text not null default 'anthropic',
    default_model text,
    max_attempts int not null default 3,
    agent_timeout_minutes int not null default 30,
    parallelism int not null default 1 check (parallelism >= 1),
    allowed_tools text[] not null default '{}',
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );

  create sequence task_key_seq;

  create table templates (
    id serial primary key,
    name text not null unique,
    title text not null default '',
    description text not null default '',
    acceptance text not null default '',
    repo_id int references repos(id) on delete set null,
    settings jsonb not null default '{}',
    created_at timestamptz not null default now()
  );

  create table ideas (
    id serial primary key,
    parent_id int references ideas(id) on delete cascade,
    kind text not null check (kind in ('folder', 'idea')),
    title text not null,
    body text not null default '',
    plan text,
    goal_status text not null default 'open',
    score numeric,
    summary text,
    task_id bigint,
    position int not null default 0,
    created_at timestamptz not null default now()
  );

  create table tasks (
    id bigserial primary key,
    key text not null unique check (key ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
    title text not null,
    description text not null default '',
    acceptance text not null default '',
    priority smallint not null default 3 check (priority between 1 and 4),
    labels text[] not null default '{}',
    repo_id int references repos(id),
    status text not null default 'pending' check (status in
      ('pending', 'queued', 'running', 'verifying', 'review', 'done', 'failed', 'blocked', 'cancelled')),
    vendor text,
    model text,
    backup_vendor text,
    backup_model text,
    billing_mode text not null default 'api' check (billing_mode in ('api', 'subscription')),
    git_flow text not null default 'pr' check (git_flow in ('pr', 'commit', 'patch', 'untracked')),
    max_turns int check (max_turns > 0),
    skip_verification boolean not null default false,
    mode text not null default 'autonomous' check (mode in ('autonomous', 'interactive')),
    max_usd numeric check (max_usd > 0),
    max_wall_seconds int check (max_wall_seconds > 0),
    template_id int references templates(id) on delete set null,
    idea_id int references ideas(id) on delete set null,
    blocked_reason text,
    archived boolean not null default false,
    cancel_requested boolean not null default false,
    lease_owner text,
    lease_expires_at timestamptz,
    heartbeat_at timestamptz,
    run_after timestamptz,
    enqueued_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  create index tasks_claim_idx on tasks (priority, enqueued_at) where status = 'queued';
  create index tasks_lease_idx on tasks (lease_expires_at) where status in ('running', 'verifying');
  create index tasks_repo_status_idx on tasks (repo_id, status);

  create table task_dependencies (
    task_id bigint not null references tasks(id) on delete cascade,
    depends_on_id bigint not null references tasks(id) on delete restrict,
    primary key (task_id, depends_on_id),
    check (task_id <> depends_on_id)
  );

  create table runs (
    id bigserial primary key,
    task_id bigint not null references tasks(id) on delete cascade,
    attempt int not null,
    vendor text not null,
    model text,
    session_id text,
    worker_id text,
    status text not null check (status in ('running', 'verifying', 'succeeded', 'failed', 'cancelled')),
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    duration_ms bigint,
    turns int,
    cost_usd numeric,
    tokens_in bigint,
    tokens_out bigint,
    exit_code int,
    error_class text,
    error_excerpt text,
    verification jsonb not null default '[]',
    branch text,
    pr_url text
  );
  create index runs_task_idx on runs (task_id, attempt);

  create table events (
    id bigserial primary key,
    task_id bigint references tasks(id) on delete cascade,
    run_id bigint references runs(id) on delete cascade,
    type text not null,
    payload jsonb not null,
    created_at timestamptz not null default now()
  );
  create index events_task_idx on events (task_id, id);

  create table schedules (
    id serial primary key,
    name text not null unique,
    expression text not null,
    timezone text not null default 'UTC',
    target jsonb not null,
    enabled boolean not null default true,
    last_fired_at timestamptz,
    next_fire_at timestamptz
  );

  create table settings (
    key text primary key,
    value jsonb not null,
    updated_at timestamptz not null default now()
  );

  create table memories (
    id bigserial primary key,
    repo_id int references repos(id) on delete cascade,
    task_id bigint references tasks(id) on delete set null,
    body text not null,
    outcome text not null,
    cost_usd numeric,
    pr_url text,
    recalled_count int not null default 0,
    archived boolean not null default false,
    search tsvector generated always as (to_tsvector('english', body)) stored,
    created_at timestamptz not null default now()
  );
  create index memories_search_idx on memories using gin (search);

  create table decisions (
    id bigserial primary key,
    task_id bigint not null references tasks(id) on delete cascade,
    run_id bigint references runs(id) on delete set null,
    question text not null,
    verdict text not null check (verdict in ('allow', 'block')),
    status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'edited')),
    resolution text,
    created_at timestamptz not null default now(),
    resolved_at timestamptz
  );

  create table artifacts (
    id bigserial primary key,
    task_id bigint not null references tasks(id) on delete cascade,
    run_id bigint references runs(id) on delete cascade,
    kind text not null check (kind in ('patch', 'mbox', 'log')),
    path text not null,
    bytes bigint not null,
    created_at timestamptz not null default now()
  );
`.raw)
